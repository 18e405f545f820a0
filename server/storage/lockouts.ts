import type { LockoutPolicy } from './lockout-counter.js';

/** Lockout rules of the server issue: 5 failed logins → 30 min; 3 wrong PINs lock that account. */
export const LOGIN_LOCKOUT: LockoutPolicy = { maxFailures: 5, lockMs: 30 * 60_000 };
export const PIN_LOCKOUT: LockoutPolicy = { maxFailures: 3, lockMs: 24 * 3_600_000 };

export function loginLockout(env: Env, loginId: string) {
  return env.LOCKOUTS.get(env.LOCKOUTS.idFromName(`login:${loginId}`));
}

export function pinLockout(env: Env, accountId: string) {
  return env.LOCKOUTS.get(env.LOCKOUTS.idFromName(`pin:${accountId}`));
}
