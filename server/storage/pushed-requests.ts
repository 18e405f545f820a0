import type { AuthorizationRequest } from '../flow/types.js';

/** Stores a pushed authorization request (RFC 9126 §2.2) under its one-time request_uri. */
export async function savePushedRequest(
  db: D1Database,
  requestUri: string,
  request: AuthorizationRequest,
  expiresAt: number,
): Promise<void> {
  await db
    .prepare('INSERT INTO pushed_requests (request_uri, client_id, request, expires_at) VALUES (?, ?, ?, ?)')
    .bind(requestUri, request.clientId, JSON.stringify(request), expiresAt)
    .run();
}

/** The request behind an unused, unexpired request_uri of this client, without using it up. */
export async function peekPushedRequest(
  db: D1Database,
  requestUri: string,
  clientId: string,
  now: number,
): Promise<AuthorizationRequest | null> {
  const row = await db
    .prepare(
      `SELECT request FROM pushed_requests
        WHERE request_uri = ? AND client_id = ? AND used_at IS NULL AND expires_at > ?`,
    )
    .bind(requestUri, clientId, now)
    .first<{ request: string }>();
  return row ? JSON.parse(row.request) : null;
}

/**
 * Uses up a request_uri, atomically: of two concurrent starts only one gets the request
 * (RFC 9126 §4: "request_uri ... MUST be single use"). The row is deleted as it is used, so a
 * completed flow leaves no pushed request behind.
 */
export async function consumePushedRequest(
  db: D1Database,
  requestUri: string,
  clientId: string,
  now: number,
): Promise<AuthorizationRequest | null> {
  const row = await db
    .prepare(
      `DELETE FROM pushed_requests
        WHERE request_uri = ?2 AND client_id = ?3 AND used_at IS NULL AND expires_at > ?1
        RETURNING request`,
    )
    .bind(now, requestUri, clientId)
    .first<{ request: string }>();
  return row ? JSON.parse(row.request) : null;
}
