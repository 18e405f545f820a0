import type { Context } from 'hono';
import type { AppEnv } from '../app-env.js';
import { Problem } from '../http/problem.js';
import type { AttemptOutcome, AttemptRequest } from '../storage/lockout-counters.js';
import {
  ipSubject,
  reserveAttempts,
  sourcePolicy,
  transactionSubject,
} from '../storage/lockouts.js';
import { TRANSACTION_HEADER } from './open-transaction.js';

export type GuardedCheck<T> =
  /** The check ran; `priorFailures[i]` is what guard i had counted when this attempt reserved. */
  | { status: 'checked'; result: T; priorFailures: number[] }
  /** A step's own guard is at its limit: no secret was checked. */
  | { status: 'refused'; refused: { subject: string; retryAt: number }[] };

interface Guarded<T> {
  /** The step's counters, e.g. the login ID's lockout or each chosen account's PIN lockout. */
  guards: AttemptRequest[];
  /** The secret check; answers its result and, per guard, whether that guard's attempt failed. */
  check: () => Promise<{ result: T; failed: boolean[] }>;
}

/**
 * Every secret check (password, answer, PIN) goes through here: reserve an attempt on each of
 * the step's guards, on the client IP's failure limit and on the transaction's, all before the
 * secret is checked; then check; then settle (a success clears where the guard's policy says
 * so, a failure stays counted). Attempts in flight count as failures, so a burst of parallel
 * guesses gets no more checks than the limits allow. A source or transaction over its limit
 * is answered 429 with Retry-After here; a step's own guard at its limit is the step's to answer.
 */
export async function guardedCheck<T>(
  c: Context<AppEnv>,
  { guards, check }: Guarded<T>,
): Promise<GuardedCheck<T>> {
  const sources = sourceGuards(c);
  const reserved = await reserveAttempts(c.env, [...guards, ...sources], Date.now());
  if (!reserved.granted) {
    const sourceSubjects = new Set(sources.map((source) => source.subject));
    const bySource = reserved.refused.filter((refusal) => sourceSubjects.has(refusal.subject));
    if (bySource.length > 0) throw tooManyAttempts(Math.max(...bySource.map((r) => r.retryAt)));
    return { status: 'refused', refused: reserved.refused };
  }
  let outcome: { result: T; failed: boolean[] };
  try {
    outcome = await check();
  } catch (error) {
    // The check never answered (the bank's system failed): count nothing either way.
    await reserved.settle([...guards, ...sources].map(() => 'released'));
    throw error;
  }
  const settled = (failed: boolean): AttemptOutcome => (failed ? 'failure' : 'success');
  const anyFailed = outcome.failed.some(Boolean);
  await reserved.settle([...outcome.failed.map(settled), ...sources.map(() => settled(anyFailed))]);
  return {
    status: 'checked',
    result: outcome.result,
    priorFailures: reserved.priorFailures.slice(0, guards.length),
  };
}

/** The client's address, as Cloudflare sets it on every request. */
export const clientIp = (c: Context<AppEnv>) => c.req.header('CF-Connecting-IP') ?? 'unknown';

/**
 * The limits every secret check is under, whoever the customer: its source and transaction. A
 * transaction's handle is drawn so that both usually share one lockout object
 * (transaction-handle.ts).
 */
function sourceGuards(c: Context<AppEnv>): AttemptRequest[] {
  const { env } = c;
  const windowMinutes = Number(env.FAILED_SECRETS_WINDOW_MINUTES);
  const handle = c.req.header(TRANSACTION_HEADER) ?? '';
  return [
    {
      subject: ipSubject(clientIp(c)),
      policy: sourcePolicy(Number(env.FAILED_SECRETS_PER_IP), windowMinutes),
    },
    {
      subject: transactionSubject(handle),
      policy: sourcePolicy(Number(env.FAILED_SECRETS_PER_TRANSACTION), windowMinutes),
    },
  ];
}

/** @see https://www.rfc-editor.org/rfc/rfc6585#section-4 (429 Too Many Requests, Retry-After) */
export function tooManyAttempts(retryAt: number): Problem {
  const retryAfterSeconds = Math.max(1, Math.ceil((retryAt - Date.now()) / 1000));
  return new Problem(
    429,
    'too_many_attempts',
    'Too many failed attempts from here. Please wait and try again.',
    { retryAt },
    { 'Retry-After': String(retryAfterSeconds) },
  );
}
