import type { AuthorizationRequest } from '../flow/types.js';
import { transactionShard } from './transactions.js';

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
  return transactionShard(env, requestUri).push(requestUri, request, expiresAt);
}

/** Uses up a request_uri, atomically (RFC 9126 §4: "request_uri ... MUST be single use"). */
export function consumePushedRequest(
  env: Env,
  requestUri: string,
  clientId: string,
  now: number,
): Promise<AuthorizationRequest | null> {
  return transactionShard(env, requestUri).consumeRequest(requestUri, clientId, now);
}
