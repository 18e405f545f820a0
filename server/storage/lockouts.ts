import type { LockoutPolicy, LockoutStatus } from './lockout-counters.js';
import { LOCKOUT_SHARDS, shardName } from './shards.js';

/** Lockout rules of the server issue: 5 failed logins → 30 min; 3 wrong PINs lock that account. */
export const LOGIN_LOCKOUT: LockoutPolicy = { maxFailures: 5, lockMs: 30 * 60_000 };
export const PIN_LOCKOUT: LockoutPolicy = { maxFailures: 3, lockMs: 24 * 3_600_000 };

/** The failure counter of one subject, wherever its shard lives. */
export interface Lockout {
  status(now: number): Promise<LockoutStatus>;
  recordFailure(now: number, policy: LockoutPolicy): Promise<LockoutStatus>;
  clear(): Promise<void>;
}

export function loginLockout(env: Env, loginId: string): Lockout {
  return lockoutOf(env, `login:${loginId}`);
}

export function pinLockout(env: Env, accountId: string): Lockout {
  return lockoutOf(env, `pin:${accountId}`);
}

function lockoutOf(env: Env, subject: string): Lockout {
  const shard = env.LOCKOUTS.get(env.LOCKOUTS.idFromName(shardName(LOCKOUT_SHARDS, subject)));
  return {
    status: (now) => shard.status(subject, now),
    recordFailure: (now, policy) => shard.recordFailure(subject, now, policy),
    clear: () => shard.clear(subject),
  };
}
