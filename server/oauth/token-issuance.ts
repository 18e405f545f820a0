import { randomToken } from '../crypto/random-token.js';
import { sha256Base64url } from '../crypto/sha256.js';
import { OAuthError } from '../http/oauth-error.js';
import type { ActiveGrant } from '../storage/grants.js';
import { saveTokensUnlessFamilyRevoked } from '../storage/tokens.js';
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

/** A token about to be issued: the value answered and, for storage, only its hash. */
export interface NewToken {
  value: string;
  hash: string;
}

export async function newToken(): Promise<NewToken> {
  const value = randomToken();
  return { value, hash: await sha256Base64url(value) };
}

/** An access token lives one hour, never past its grant. */
export const accessTokenExpiry = (grant: ActiveGrant, now: number) =>
  Math.min(now + ACCESS_TOKEN_LIFETIME_MS, grant.expiresAt);

/**
 * The token response for tokens stored: typed `DPoP` when bound to the key of the request's proof.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-5
 */
export function tokenResponse(
  grant: ActiveGrant,
  { accessToken, refreshToken }: { accessToken: string; refreshToken: string },
  dpopJkt: string | null,
  now: number,
): TokenResponse {
  return {
    access_token: accessToken,
    token_type: dpopJkt === null ? 'Bearer' : 'DPoP',
    expires_in: Math.floor((accessTokenExpiry(grant, now) - now) / 1000),
    refresh_token: refreshToken,
    scope: grant.scopes.join(' '),
    grant_id: grant.id,
  };
}

/**
 * The refresh grant's issuance: a new access token for the family of `codeHash`, bound to
 * `dpopJkt` if not null, and the refresh token presented answered again (it is not rotated).
 * Only the new token's hash is stored. A family that a concurrent replay or
 * revocation ended after this request read its refresh token gets nothing (storage/tokens.ts).
 * (A code exchange stores its tokens in the batch that redeems the code:
 * storage/authorization-codes.ts.)
 */
export async function issueRefreshedTokens(
  db: D1Database,
  grant: ActiveGrant,
  {
    codeHash,
    dpopJkt,
    refreshToken,
  }: { codeHash: string; dpopJkt: string | null; refreshToken: string },
  now: number,
): Promise<TokenResponse> {
  const accessToken = await newToken();
  const saved = await saveTokensUnlessFamilyRevoked(db, [
    {
      grantId: grant.id,
      clientId: grant.clientId,
      codeHash,
      createdAt: now,
      dpopJkt,
      kind: 'access',
      tokenHash: accessToken.hash,
      expiresAt: accessTokenExpiry(grant, now),
    },
  ]);
  if (!saved) {
    throw new OAuthError(
      'invalid_grant',
      'The code was used again or the grant revoked meanwhile; its tokens are revoked.',
    );
  }
  return tokenResponse(grant, { accessToken: accessToken.value, refreshToken }, dpopJkt, now);
}
