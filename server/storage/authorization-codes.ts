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
  /**
   * `grant` is the code's grant if it is still active (not revoked, not ended), else null;
   * `tokensSaved` says whether the batch that redeemed the code stored the new tokens.
   */
  | { status: 'redeemed'; code: RedeemedCode; grant: ActiveGrant | null; tokensSaved: boolean }
  /** The family a replay must revoke: the code's own. */
  | { status: 'replayed'; family: TokenFamily }
  | { status: 'unknown' };

/** What the token request presents against the code (RFC 6749 §4.1.3, RFC 7636 §4.6). */
export interface PresentedExchange {
  codeHash: string;
  /** The authenticated client. */
  clientId: string;
  redirectUri: string;
  /** BASE64URL(SHA-256(code_verifier)), or null for a malformed verifier, which matches no code. */
  verifierChallenge: string | null;
  /** The key of the request's DPoP proof, or null. */
  dpopJkt: string | null;
}

/** The tokens to store if the exchange succeeds: their hashes, and the access token's expiry. */
export interface TokensToStore {
  accessTokenHash: string;
  refreshTokenHash: string;
  /** One hour from now: the statement caps it at the grant's end, as accessTokenExpiry does. */
  accessExpiresAt: number;
}

/**
 * Redeems a code and stores its tokens in one D1 batch, which runs as one transaction, one batch
 * at a time. The code is marked used whatever else holds, so a code presented once with a wrong
 * verifier cannot be tried again, and of two concurrent exchanges only one redeems it. The tokens
 * are stored only by the batch that redeems it (the insert runs first and requires the code
 * unused), and only if every check of the exchange holds: the code's client, expiry, redirect_uri,
 * PKCE challenge and DPoP key, its grant active, its family not revoked. code-exchange.ts makes
 * the same checks on the returned code to answer which one failed; a code that exists but was
 * used already is a replay, which the caller must answer by revoking.
 */
export async function redeemCodeForTokens(
  db: D1Database,
  presented: PresentedExchange,
  tokens: TokensToStore,
  now: number,
): Promise<Redemption> {
  const [access, refresh, redeemed, grants] = await db.batch<CodeRow | GrantRow>([
    db
      .prepare(
        `INSERT INTO tokens
           (token_hash, kind, grant_id, client_id, code_hash, created_at, expires_at, dpop_jkt)
         SELECT ?1, 'access', c.grant_id, c.client_id, c.code_hash, ?2, min(?3, g.expires_at), ?4
           FROM authorization_codes c JOIN grants g ON g.id = c.grant_id
          WHERE c.code_hash = ?5 AND c.used_at IS NULL AND c.client_id = ?6 AND c.expires_at > ?2
            AND c.redirect_uri = ?7 AND c.code_challenge = ?8
            AND (c.dpop_jkt IS NULL OR c.dpop_jkt = ?4)
            AND g.revoked_at IS NULL AND g.expires_at > ?2
            AND NOT EXISTS (SELECT 1 FROM revoked_token_families WHERE code_hash = ?5)`,
      )
      .bind(
        tokens.accessTokenHash,
        now,
        tokens.accessExpiresAt,
        presented.dpopJkt,
        presented.codeHash,
        presented.clientId,
        presented.redirectUri,
        presented.verifierChallenge,
      ),
    // The refresh token exactly when the access token was stored, until the grant ends.
    db
      .prepare(
        `INSERT INTO tokens
           (token_hash, kind, grant_id, client_id, code_hash, created_at, expires_at, dpop_jkt)
         SELECT ?1, 'refresh', t.grant_id, t.client_id, t.code_hash, t.created_at, g.expires_at,
                t.dpop_jkt
           FROM tokens t JOIN grants g ON g.id = t.grant_id
          WHERE t.token_hash = ?2`,
      )
      .bind(tokens.refreshTokenHash, tokens.accessTokenHash),
    db
      .prepare(
        `UPDATE authorization_codes SET used_at = ?1 WHERE code_hash = ?2 AND used_at IS NULL
          RETURNING grant_id, client_id, redirect_uri, code_challenge, expires_at, dpop_jkt`,
      )
      .bind(now, presented.codeHash),
    db
      .prepare(
        `SELECT g.id, g.customer_id, g.client_id, g.scopes, g.expires_at
           FROM authorization_codes c JOIN grants g ON g.id = c.grant_id
          WHERE c.code_hash = ?1 AND g.revoked_at IS NULL AND g.expires_at > ?2`,
      )
      .bind(presented.codeHash, now),
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
      tokensSaved: access.meta.changes === 1 && refresh.meta.changes === 1,
    };
  }
  const used = await db
    .prepare('SELECT grant_id FROM authorization_codes WHERE code_hash = ?')
    .bind(presented.codeHash)
    .first<{ grant_id: string }>();
  if (!used) return { status: 'unknown' };
  return { status: 'replayed', family: { codeHash: presented.codeHash, grantId: used.grant_id } };
}
