import { randomToken } from '../crypto/random-token.js';
import { sha256Base64url } from '../crypto/sha256.js';
import { OAuthError } from '../http/oauth-error.js';
import type { ActiveGrant } from '../storage/grants.js';
import { saveTokensUnlessFamilyRevoked } from '../storage/tokens.js';
import { ACCESS_TOKEN_LIFETIME_MS } from './lifetimes.js';

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token: string;
  scope: string;
}

/**
 * Issues an access token (one hour, never past the grant) and a refresh token (until the grant
 * ends). Only their hashes are stored; the family is the code they descend from. A family that a
 * concurrent replay or revocation ended after this request redeemed its code or refresh token
 * gets nothing (storage/tokens.ts).
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 */
export async function issueTokenPair(
  db: D1Database,
  grant: ActiveGrant,
  codeHash: string,
  now: number,
): Promise<TokenResponse> {
  const accessToken = randomToken();
  const refreshToken = randomToken();
  const accessExpiresAt = Math.min(now + ACCESS_TOKEN_LIFETIME_MS, grant.expiresAt);
  const family = { grantId: grant.id, clientId: grant.clientId, codeHash, createdAt: now };
  const saved = await saveTokensUnlessFamilyRevoked(db, [
    {
      ...family,
      kind: 'access',
      tokenHash: await sha256Base64url(accessToken),
      expiresAt: accessExpiresAt,
    },
    {
      ...family,
      kind: 'refresh',
      tokenHash: await sha256Base64url(refreshToken),
      expiresAt: grant.expiresAt,
    },
  ]);
  if (!saved) {
    throw new OAuthError(
      'invalid_grant',
      'The code or refresh token was used again or revoked meanwhile; its tokens are revoked.',
    );
  }
  return {
    access_token: accessToken,
    token_type: 'Bearer',
    expires_in: Math.floor((accessExpiresAt - now) / 1000),
    refresh_token: refreshToken,
    scope: grant.scopes.join(' '),
  };
}
