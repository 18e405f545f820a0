export interface TokenRecord {
  tokenHash: string;
  kind: 'access' | 'refresh';
  grantId: string;
  clientId: string;
  codeHash: string;
  createdAt: number;
  expiresAt: number;
}

export async function saveTokens(db: D1Database, records: TokenRecord[]): Promise<void> {
  await db.batch(
    records.map((token) =>
      db
        .prepare(
          `INSERT INTO tokens (token_hash, kind, grant_id, client_id, code_hash, created_at, expires_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .bind(token.tokenHash, token.kind, token.grantId, token.clientId, token.codeHash, token.createdAt, token.expiresAt),
    ),
  );
}

/** Every token issued from one authorization code: what a replay of that code revokes. */
export async function revokeTokenFamily(db: D1Database, codeHash: string, now: number): Promise<void> {
  await db
    .prepare('UPDATE tokens SET revoked_at = ? WHERE code_hash = ? AND revoked_at IS NULL')
    .bind(now, codeHash)
    .run();
}

export type RefreshRotation =
  | { status: 'rotated'; grantId: string; codeHash: string }
  | { status: 'reused'; codeHash: string }
  | { status: 'invalid' };

/**
 * Uses up a refresh token (rotation, RFC 9700 §4.14.2): atomically revoked so it works once.
 * A token that was already rotated away is being reused — a sign it leaked.
 */
export async function rotateRefreshToken(
  db: D1Database,
  tokenHash: string,
  clientId: string,
  now: number,
): Promise<RefreshRotation> {
  const row = await db
    .prepare(
      `UPDATE tokens SET revoked_at = ?1
        WHERE token_hash = ?2 AND kind = 'refresh' AND client_id = ?3 AND revoked_at IS NULL AND expires_at > ?1
        RETURNING grant_id, code_hash`,
    )
    .bind(now, tokenHash, clientId)
    .first<{ grant_id: string; code_hash: string }>();
  if (row) return { status: 'rotated', grantId: row.grant_id, codeHash: row.code_hash };
  const revoked = await db
    .prepare(`SELECT code_hash FROM tokens WHERE token_hash = ? AND kind = 'refresh' AND client_id = ? AND revoked_at IS NOT NULL`)
    .bind(tokenHash, clientId)
    .first<{ code_hash: string }>();
  return revoked ? { status: 'reused', codeHash: revoked.code_hash } : { status: 'invalid' };
}

export interface AccessTokenGrant {
  grantId: string;
  customerId: string;
  scopes: string[];
}

/** The grant behind a live access token: token and grant unrevoked and unexpired. */
export async function findAccessTokenGrant(
  db: D1Database,
  tokenHash: string,
  now: number,
): Promise<AccessTokenGrant | null> {
  const row = await db
    .prepare(
      `SELECT g.id, g.customer_id, g.scopes FROM tokens t JOIN grants g ON g.id = t.grant_id
        WHERE t.token_hash = ?1 AND t.kind = 'access' AND t.revoked_at IS NULL AND t.expires_at > ?2
          AND g.revoked_at IS NULL AND g.expires_at > ?2`,
    )
    .bind(tokenHash, now)
    .first<{ id: string; customer_id: string; scopes: string }>();
  return row ? { grantId: row.id, customerId: row.customer_id, scopes: row.scopes.split(' ') } : null;
}

export async function findToken(
  db: D1Database,
  tokenHash: string,
): Promise<{ kind: 'access' | 'refresh'; clientId: string; codeHash: string } | null> {
  const row = await db
    .prepare('SELECT kind, client_id, code_hash FROM tokens WHERE token_hash = ?')
    .bind(tokenHash)
    .first<{ kind: 'access' | 'refresh'; client_id: string; code_hash: string }>();
  return row ? { kind: row.kind, clientId: row.client_id, codeHash: row.code_hash } : null;
}

export async function revokeToken(db: D1Database, tokenHash: string, now: number): Promise<void> {
  await db
    .prepare('UPDATE tokens SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL')
    .bind(now, tokenHash)
    .run();
}
