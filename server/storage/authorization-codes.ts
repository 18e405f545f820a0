export interface RedeemedCode {
  grantId: string;
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  expiresAt: number;
}

interface CodeRow {
  grant_id: string;
  client_id: string;
  redirect_uri: string;
  code_challenge: string;
  expires_at: number;
}

export type Redemption =
  | { status: 'redeemed'; code: RedeemedCode }
  | { status: 'replayed' }
  | { status: 'unknown' };

/**
 * Marks a code used, atomically, so that of two concurrent exchanges only one wins. A code that
 * exists but was used already is a replay, which the caller must answer by revoking.
 */
export async function redeemCode(db: D1Database, codeHash: string, now: number): Promise<Redemption> {
  const row = await db
    .prepare(
      `UPDATE authorization_codes SET used_at = ? WHERE code_hash = ? AND used_at IS NULL
        RETURNING grant_id, client_id, redirect_uri, code_challenge, expires_at`,
    )
    .bind(now, codeHash)
    .first<CodeRow>();
  if (row) {
    return {
      status: 'redeemed',
      code: {
        grantId: row.grant_id,
        clientId: row.client_id,
        redirectUri: row.redirect_uri,
        codeChallenge: row.code_challenge,
        expiresAt: row.expires_at,
      },
    };
  }
  const used = await db.prepare('SELECT 1 FROM authorization_codes WHERE code_hash = ?').bind(codeHash).first();
  return used ? { status: 'replayed' } : { status: 'unknown' };
}
