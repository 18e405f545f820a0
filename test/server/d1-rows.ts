import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { json } from './actors.js';
import type { Bank } from './harness.js';

/**
 * The rows a read-only statement finds in D1, through the instrumented Worker's
 * `POST /test-only/query` (test/workers/instrumented-worker.ts): how a test sees what was
 * committed, rather than what the API chose to answer.
 */
export async function d1Rows<T = Record<string, unknown>>(
  bank: Bank,
  sql: string,
  ...params: unknown[]
): Promise<T[]> {
  const response = await bank.fetch('/test-only/query', json({ sql, params }));
  assert.equal(response.status, 200, await response.clone().text());
  return (await response.json()) as T[];
}

/** How D1 keys a code or token: its SHA-256, base64url (the secret itself is never stored). */
export const storedHash = (value: string) => createHash('sha256').update(value).digest('base64url');

/**
 * Puts an authorization code (by the hash D1 keys it by) or a pushed request a moment past its
 * end, through the instrumented Worker's `POST /test-only/expire`, so a test sees the end enforced
 * without waiting out the 60 s or 90 s.
 */
export async function pastItsEnd(
  bank: Bank,
  record: { codeHash: string } | { requestUri: string },
): Promise<void> {
  const response = await bank.fetch('/test-only/expire', json(record));
  assert.equal(response.status, 200, await response.clone().text());
  assert.equal(await response.json(), 1, 'exactly one record moved past its end');
}
