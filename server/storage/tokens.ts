export interface TokenRecord {
  tokenHash: string;
  kind: 'access' | 'refresh';
  grantId: string;
  clientId: string;
  codeHash: string;
  createdAt: number;
  expiresAt: number;
  /** The DPoP key the token is bound to (cnf.jkt, RFC 9449 §6.1), or null for a bearer token. */
  dpopJkt: string | null;
}

/** A token family: every token descended from one authorization code, and that code's grant. */
export interface TokenFamily {
  codeHash: string;
  grantId: string;
}

/**
 * Saves tokens unless their family was revoked, in one batch, so either all are saved or none:
 * false when the family is revoked. The check sits in the INSERT itself because D1 runs batches
 * one at a time: a revocation either comes first and is seen here, or comes after and revokes
 * what this saved (revokeTokenFamily).
 */
export async function saveTokensUnlessFamilyRevoked(
  db: D1Database,
  records: TokenRecord[],
): Promise<boolean> {
  const results = await db.batch(
    records.map((token) =>
      db
        .prepare(
          `INSERT INTO tokens
             (token_hash, kind, grant_id, client_id, code_hash, created_at, expires_at, dpop_jkt)
           SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8
            WHERE NOT EXISTS (SELECT 1 FROM revoked_token_families WHERE code_hash = ?5)`,
        )
        .bind(
          token.tokenHash,
          token.kind,
          token.grantId,
          token.clientId,
          token.codeHash,
          token.createdAt,
          token.expiresAt,
          token.dpopJkt,
        ),
    ),
  );
  return results.every((result) => result.meta.changes === 1);
}

/**
 * Revokes a whole family (a replayed code, a revoked refresh token) and marks it
 * revoked, in one batch, so tokens a concurrent exchange or refresh is issuing die too: revoked
 * here if they were saved first, never saved if they come after (saveTokensUnlessFamilyRevoked).
 * The mark lasts until the grant ends, which no token of the family outlives; a grant that no
 * longer exists unlocks nothing, so its mark may go at the next sweep.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-4.14.2
 */
export async function revokeTokenFamily(
  db: D1Database,
  family: TokenFamily,
  now: number,
): Promise<void> {
  await db.batch([
    db
      .prepare(
        `INSERT OR IGNORE INTO revoked_token_families (code_hash, revoked_at, expires_at)
         SELECT ?1, ?2, COALESCE((SELECT expires_at FROM grants WHERE id = ?3), ?2)`,
      )
      .bind(family.codeHash, now, family.grantId),
    db
      .prepare('UPDATE tokens SET revoked_at = ? WHERE code_hash = ? AND revoked_at IS NULL')
      .bind(now, family.codeHash),
  ]);
}

export interface LiveRefreshToken {
  family: TokenFamily;
  /** The DPoP key it may only be used with, or null. */
  dpopJkt: string | null;
}

/**
 * A refresh token of this client that is neither revoked nor expired. Reading it changes
 * nothing: refresh tokens are not rotated, so a request whose answer was lost can be sent again
 * with the same token (FAPI 2.0 Security Profile §5.3.2.1).
 */
export async function findLiveRefreshToken(
  db: D1Database,
  tokenHash: string,
  clientId: string,
  now: number,
): Promise<LiveRefreshToken | null> {
  const row = await db
    .prepare(
      `SELECT grant_id, code_hash, dpop_jkt FROM tokens
        WHERE token_hash = ?1 AND kind = 'refresh' AND client_id = ?2 AND revoked_at IS NULL
          AND expires_at > ?3`,
    )
    .bind(tokenHash, clientId, now)
    .first<{ grant_id: string; code_hash: string; dpop_jkt: string | null }>();
  if (!row) return null;
  return { family: { codeHash: row.code_hash, grantId: row.grant_id }, dpopJkt: row.dpop_jkt };
}

export interface AccessTokenGrant {
  grantId: string;
  customerId: string;
  scopes: string[];
  /** The DPoP key the access token is bound to, or null for a bearer token. */
  dpopJkt: string | null;
}

/** The grant behind a live access token: token and grant unrevoked and unexpired. */
export async function findAccessTokenGrant(
  db: D1Database,
  tokenHash: string,
  now: number,
): Promise<AccessTokenGrant | null> {
  const row = await db
    .prepare(
      `SELECT g.id, g.customer_id, g.scopes, t.dpop_jkt FROM tokens t JOIN grants g ON g.id = t.grant_id
        WHERE t.token_hash = ?1 AND t.kind = 'access' AND t.revoked_at IS NULL AND t.expires_at > ?2
          AND g.revoked_at IS NULL AND g.expires_at > ?2`,
    )
    .bind(tokenHash, now)
    .first<{ id: string; customer_id: string; scopes: string; dpop_jkt: string | null }>();
  if (!row) return null;
  return {
    grantId: row.id,
    customerId: row.customer_id,
    scopes: row.scopes.split(' '),
    dpopJkt: row.dpop_jkt,
  };
}

export async function findToken(
  db: D1Database,
  tokenHash: string,
): Promise<{ kind: 'access' | 'refresh'; clientId: string; family: TokenFamily } | null> {
  const row = await db
    .prepare('SELECT kind, client_id, code_hash, grant_id FROM tokens WHERE token_hash = ?')
    .bind(tokenHash)
    .first<{
      kind: 'access' | 'refresh';
      client_id: string;
      code_hash: string;
      grant_id: string;
    }>();
  if (!row) return null;
  const family = { codeHash: row.code_hash, grantId: row.grant_id };
  return { kind: row.kind, clientId: row.client_id, family };
}

export async function revokeToken(db: D1Database, tokenHash: string, now: number): Promise<void> {
  await db
    .prepare('UPDATE tokens SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL')
    .bind(now, tokenHash)
    .run();
}
