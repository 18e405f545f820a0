import type { FlowState } from '../flow/types.js';
import { COMPLETED_TRANSACTION_MS } from '../oauth/lifetimes.js';

/**
 * How long a transaction lives after this save: idle transactions end after
 * TRANSACTION_IDLE_SECONDS (wrangler.jsonc, 10 minutes); a completed one lingers only so that a
 * retried request still gets its callback.
 */
export function transactionLifetimeMs(env: Env, state: FlowState): number {
  if (state.step === 'complete') return COMPLETED_TRANSACTION_MS;
  return Number(env.TRANSACTION_IDLE_SECONDS) * 1000;
}
