import type { AuthorizationRequest } from '../flow/types.js';
import { shardName, TRANSACTION_SHARDS } from './shards.js';
import { flowObject, ROUTED_HANDLE_LENGTH } from './transactions.js';

/**
 * Pushed authorization requests (RFC 9126) live beside the transactions, in the object their
 * request_uri hashes to: short-lived, used once, deleted as they are used or by the alarm when
 * they expire.
 */

/** Stores a pushed authorization request (RFC 9126 §2.2) under its one-time request_uri. */
export function savePushedRequest(
  env: Env,
  requestUri: string,
  request: AuthorizationRequest,
  expiresAt: number,
): Promise<void> {
  return flowObject(env, requestUri).push(requestUri, request, expiresAt);
}

/**
 * Uses up a request_uri pushed by `clientId` and begins the transaction of `handle` from it, in
 * one call of the object both live in (RFC 9126 §4: "request_uri ... MUST be single use"). The
 * request, or null when the request_uri is unknown, another client's, used or expired. The
 * handle must have been drawn into the request_uri's object (transaction-handle.ts).
 */
export function startFromPushedRequest(
  env: Env,
  requestUri: string,
  clientId: string,
  handle: string,
  now: number,
): Promise<AuthorizationRequest | null> {
  const home = shardName(TRANSACTION_SHARDS, requestUri);
  if (shardName(TRANSACTION_SHARDS, handle.slice(0, ROUTED_HANDLE_LENGTH)) !== home) {
    throw new Error('The transaction handle was not drawn into its pushed request’s object.');
  }
  return flowObject(env, requestUri).start(requestUri, clientId, handle, now);
}
