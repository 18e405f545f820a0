import { MAX_WRONG_ANSWERS } from '../flow/steps/additional-auth.js';
import type { AttemptOutcome, AttemptPolicy, AttemptRequest } from './lockout-counters.js';
import { LOCKOUT_SHARDS, shardName } from './shards.js';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/** 5 failed logins (passwords, and answers of additional authentication) lock the ID 30 min. */
export const LOGIN_LOCKOUT: AttemptPolicy = {
  maxFailures: 5,
  lockMs: 30 * MINUTE_MS,
  successClears: true,
  forgetAfterMs: DAY_MS,
};

/** 3 wrong PINs lock that account's registration for 24 hours. */
export const PIN_LOCKOUT: AttemptPolicy = {
  maxFailures: 3,
  lockMs: DAY_MS,
  successClears: true,
  forgetAfterMs: DAY_MS,
};

/** 3 answers per transaction; the transaction ends with the third wrong one. */
export const ANSWER_LIMIT: AttemptPolicy = {
  maxFailures: MAX_WRONG_ANSWERS,
  lockMs: DAY_MS,
  successClears: false,
  forgetAfterMs: DAY_MS,
};

/**
 * Failed secret checks from one client IP, across all customers, and within one transaction:
 * so that one source can neither lock out many customers nor spray passwords. Successes never
 * count. The numbers come from wrangler vars (FAILED_SECRETS_PER_IP, ..._PER_TRANSACTION).
 */
export function sourcePolicy(maxFailures: number, windowMinutes: number): AttemptPolicy {
  const windowMs = windowMinutes * MINUTE_MS;
  return { maxFailures, lockMs: windowMs, successClears: false, forgetAfterMs: windowMs };
}

export const loginSubject = (loginId: string) => `login:${loginId}`;
export const pinSubject = (accountId: string) => `pin:${accountId}`;
export const answerSubject = (handle: string) => `answer:${handle}`;
export const ipSubject = (ip: string) => `ip:${ip}`;
export const transactionSubject = (handle: string) => `transaction:${handle}`;

/** Attempts reserved for a secret check; settle them once the check has answered. */
export interface Reservation {
  /** Per subject, in request order: failures and attempts in flight when this one reserved. */
  priorFailures: number[];
  settle(outcomes: AttemptOutcome[]): Promise<void>;
}

export type Reserved =
  | ({ granted: true } & Reservation)
  | { granted: false; refused: { subject: string; retryAt: number }[] };

/**
 * Reserves one attempt per subject before any secret is checked: one call per shard the
 * subjects live in, all or none (what one shard granted is released if another refused).
 */
export async function reserveAttempts(
  env: Env,
  requests: AttemptRequest[],
  now: number,
): Promise<Reserved> {
  const byShard = new Map<string, number[]>();
  requests.forEach(({ subject }, index) => {
    const name = shardName(LOCKOUT_SHARDS, subject);
    byShard.set(name, [...(byShard.get(name) ?? []), index]);
  });
  const shards = [...byShard].map(([name, indexes]) => ({
    stub: env.LOCKOUTS.get(env.LOCKOUTS.idFromName(name)),
    indexes,
  }));
  const answers = await Promise.all(
    shards.map(({ stub, indexes }) =>
      stub.reserve(
        indexes.map((index) => requests[index]),
        now,
      ),
    ),
  );

  const reservationIds: string[] = [];
  const priorFailures: number[] = [];
  const refused: { subject: string; retryAt: number }[] = [];
  answers.forEach((answer, shard) => {
    if (!answer.granted) return refused.push(...answer.refused);
    shards[shard].indexes.forEach((index, position) => {
      reservationIds[index] = answer.reservationIds[position];
      priorFailures[index] = answer.priorFailures[position];
    });
  });

  const settle = async (outcomes: AttemptOutcome[]) => {
    const granted = shards.filter((_, shard) => answers[shard].granted);
    await Promise.all(
      granted.map(({ stub, indexes }) =>
        stub.settle(
          indexes.map((index) => ({
            reservationId: reservationIds[index],
            subject: requests[index].subject,
            policy: requests[index].policy,
            outcome: outcomes[index],
          })),
          Date.now(),
        ),
      ),
    );
  };
  if (refused.length > 0) {
    await settle(requests.map(() => 'released'));
    return { granted: false, refused };
  }
  return { granted: true, priorFailures, settle };
}
