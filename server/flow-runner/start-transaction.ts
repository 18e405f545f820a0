import type { Context } from 'hono';
import type { AppEnv } from '../app-env.js';
import { startFlow, viewOf } from '../flow/views.js';
import type { AuthorizationRequest, FlowView } from '../flow/types.js';
import { consumePushedRequest } from '../storage/pushed-requests.js';
import { beginTransaction } from '../storage/transactions.js';
import { gatherFacts } from './facts.js';
import { newTransactionHandle } from './transaction-handle.js';
import { transactionLifetimeMs } from './transaction-lifetime.js';

/** A transaction just opened: its handle, the first view, and the request it was started from. */
export interface StartedTransaction {
  transaction: string;
  view: FlowView;
  request: AuthorizationRequest;
}

/**
 * Step 0, for /authorize (which embeds the result in the hosted page) and /flow/start: uses up
 * the request_uri and opens a transaction bound to it. Null when the request_uri is unknown,
 * another client's, already used or expired.
 */
export async function startTransaction(
  c: Context<AppEnv>,
  clientId: string,
  requestUri: string,
): Promise<StartedTransaction | null> {
  const now = Date.now();
  const request = await consumePushedRequest(c.env, requestUri, clientId, now);
  if (!request) return null;
  const state = startFlow(request);
  const transaction = newTransactionHandle(c);
  // The first view reads only reference data, so it need not wait for the save.
  const [, facts] = await Promise.all([
    beginTransaction(c.env, transaction, state, now, transactionLifetimeMs(c.env, state)),
    gatherFacts(c, state),
  ]);
  return { transaction, view: viewOf(state, facts), request };
}
