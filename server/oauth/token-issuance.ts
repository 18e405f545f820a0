import { randomToken } from '../crypto/random-token.js';
import { sha256Base64url } from '../crypto/sha256.js';
import { OAuthError } from '../http/oauth-error.js';
import type { ActiveGrant } from '../storage/grants.js';
import { saveTokensUnlessFamilyRevoked, type TokenRecord } from '../storage/tokens.js';
import { ACCESS_TOKEN_LIFETIME_MS } from './lifetimes.js';

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer' | 'DPoP';
  expires_in: number;
  refresh_token: string;
  scope: string;
  /**
   * The grant the tokens stand for, which the partner queries and revokes at the grant
   * management endpoint (server/routes/grants.ts).
   * @see https://openid.net/specs/oauth-v2-grant-management.html ("Token Response")
   */
  grant_id: string;
}

export interface Issuance {
  /** The code the tokens descend from: their family. */
  codeHash: string;
  /** The DPoP key the tokens are bound to (the token request's proof), or null for bearer. */
  dpopJkt: string | null;
  /**
   * The refresh token presented to the refresh grant, answered again since it is not rotated;
   * absent for a code exchange, which issues the grant's refresh token.
   */
  refreshToken?: string;
}

/**
 * Issues an access token (one hour, never past the grant) and, for a code, the refresh token
 * (until the grant ends). Tokens issued with a DPoP proof are bound to its key and typed `DPoP`.
 * Only their hashes are stored. A family that a concurrent replay or revocation ended after this
 * request redeemed its code or read its refresh token gets nothing (storage/tokens.ts).
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-5
 */
export async function issueTokens(
  db: D1Database,
  grant: ActiveGrant,
  { codeHash, dpopJkt, refreshToken }: Issuance,
  now: number,
): Promise<TokenResponse> {
  const accessToken = randomToken();
  const accessExpiresAt = Math.min(now + ACCESS_TOKEN_LIFETIME_MS, grant.expiresAt);
  const family = { grantId: grant.id, clientId: grant.clientId, codeHash, createdAt: now, dpopJkt };
  const records: TokenRecord[] = [
    {
      ...family,
      kind: 'access',
      tokenHash: await sha256Base64url(accessToken),
      expiresAt: accessExpiresAt,
    },
  ];
  const answeredRefreshToken = refreshToken ?? randomToken();
  if (refreshToken === undefined) {
    records.push({
      ...family,
      kind: 'refresh',
      tokenHash: await sha256Base64url(answeredRefreshToken),
      expiresAt: grant.expiresAt,
    });
  }
  if (!(await saveTokensUnlessFamilyRevoked(db, records))) {
    throw new OAuthError(
      'invalid_grant',
      'The code was used again or the grant revoked meanwhile; its tokens are revoked.',
    );
  }
  return {
    access_token: accessToken,
    token_type: dpopJkt === null ? 'Bearer' : 'DPoP',
    expires_in: Math.floor((accessExpiresAt - now) / 1000),
    refresh_token: answeredRefreshToken,
    scope: grant.scopes.join(' '),
    grant_id: grant.id,
  };
}
