import type { Context } from 'hono';
import type { AppEnv } from '../app-env.js';
import { startFlow, viewOf } from '../flow/views.js';
import type { AuthorizationRequest, FlowView } from '../flow/types.js';
import { startFromPushedRequest } from '../storage/pushed-requests.js';
import { gatherFacts } from './facts.js';
import { newTransactionHandle } from './transaction-handle.js';

/** A transaction just opened: its handle, the first view, and the request it was started from. */
export interface StartedTransaction {
  transaction: string;
  view: FlowView;
  request: AuthorizationRequest;
}

/**
 * Step 0, for /authorize (which embeds the result in the hosted page) and /flow/start: uses up
 * the request_uri and opens a transaction bound to it, in one call of the object both live in
 * (the handle is drawn into it). Null when the request_uri is unknown, another client's, already
 * used or expired.
 */
export async function startTransaction(
  c: Context<AppEnv>,
  clientId: string,
  requestUri: string,
): Promise<StartedTransaction | null> {
  const transaction = newTransactionHandle(c, requestUri);
  const request = await startFromPushedRequest(
    c.env,
    requestUri,
    clientId,
    transaction,
    Date.now(),
  );
  if (!request) return null;
  // The object began the transaction in the same first state (the engine is pure).
  const state = startFlow(request);
  return { transaction, view: viewOf(state, await gatherFacts(c, state)), request };
}
