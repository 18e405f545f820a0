import { toActiveGrant, type ActiveGrant, type GrantRow } from './grants.js';
import type { TokenFamily } from './tokens.js';

export interface RedeemedCode {
  grantId: string;
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  expiresAt: number;
  /** The DPoP key it was bound to at PAR (RFC 9449 §10), or null. */
  dpopJkt: string | null;
}

interface CodeRow {
  grant_id: string;
  client_id: string;
  redirect_uri: string;
  code_challenge: string;
  expires_at: number;
  dpop_jkt: string | null;
}

export type Redemption =
  /** `grant` is the code's grant if it is still active (not revoked, not ended), else null. */
  | { status: 'redeemed'; code: RedeemedCode; grant: ActiveGrant | null }
  /** The family a replay must revoke: the code's own. */
  | { status: 'replayed'; family: TokenFamily }
  | { status: 'unknown' };

/**
 * Marks a code used, atomically, so that of two concurrent exchanges only one wins, and reads
 * its grant in the same D1 batch (one round trip). A code that exists but was used already is a
 * replay, which the caller must answer by revoking.
 */
export async function redeemCode(
  db: D1Database,
  codeHash: string,
  now: number,
): Promise<Redemption> {
  const [redeemed, grants] = await db.batch<CodeRow | GrantRow>([
    db
      .prepare(
        `UPDATE authorization_codes SET used_at = ?1 WHERE code_hash = ?2 AND used_at IS NULL
          RETURNING grant_id, client_id, redirect_uri, code_challenge, expires_at, dpop_jkt`,
      )
      .bind(now, codeHash),
    db
      .prepare(
        `SELECT g.id, g.customer_id, g.client_id, g.scopes, g.expires_at
           FROM authorization_codes c JOIN grants g ON g.id = c.grant_id
          WHERE c.code_hash = ?1 AND g.revoked_at IS NULL AND g.expires_at > ?2`,
      )
      .bind(codeHash, now),
  ]);
  const row = redeemed.results[0] as CodeRow | undefined;
  const grant = grants.results[0] as GrantRow | undefined;
  if (row) {
    return {
      status: 'redeemed',
      code: {
        grantId: row.grant_id,
        clientId: row.client_id,
        redirectUri: row.redirect_uri,
        codeChallenge: row.code_challenge,
        expiresAt: row.expires_at,
        dpopJkt: row.dpop_jkt,
      },
      grant: grant ? toActiveGrant(grant) : null,
    };
  }
  const used = await db
    .prepare('SELECT grant_id FROM authorization_codes WHERE code_hash = ?')
    .bind(codeHash)
    .first<{ grant_id: string }>();
  if (!used) return { status: 'unknown' };
  return { status: 'replayed', family: { codeHash, grantId: used.grant_id } };
}
