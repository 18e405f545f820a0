import { sha256Base64url } from '../crypto/sha256.js';
import { OAuthError } from '../http/oauth-error.js';
import { findActiveGrant } from '../storage/grants.js';
import type { Partner } from '../storage/partners.js';
import { revokeTokenFamily, rotateRefreshToken } from '../storage/tokens.js';
import { issueTokenPair, type TokenResponse } from './token-issuance.js';

/**
 * The refresh_token grant with rotation: each refresh token works once; presenting a rotated one
 * again revokes the whole family, since one of the two presenters is not the partner.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-4.14.2
 */
export async function refreshTokens(
  db: D1Database,
  partner: Partner,
  refreshToken: string,
  scope: string | undefined,
  now: number,
): Promise<TokenResponse> {
  const rotation = await rotateRefreshToken(
    db,
    await sha256Base64url(refreshToken),
    partner.clientId,
    now,
  );
  if (rotation.status === 'reused') {
    await revokeTokenFamily(db, rotation.family, now);
    throw new OAuthError(
      'invalid_grant',
      "The refresh token was already used; the grant's tokens are revoked.",
    );
  }
  if (rotation.status === 'invalid') {
    throw new OAuthError('invalid_grant', 'The refresh token is invalid, expired or revoked.');
  }
  const grant = await findActiveGrant(db, rotation.family.grantId, now);
  if (!grant) throw new OAuthError('invalid_grant', 'The grant has ended or was revoked.');
  assertNoNewScope(scope, grant.scopes);
  return issueTokenPair(db, grant, rotation.family.codeHash, now);
}

/**
 * "The requested scope MUST NOT include any scope not originally granted" (RFC 6749 §6). Tokens
 * carry the grant's scopes, so a narrower request is refused rather than silently widened.
 */
function assertNoNewScope(scope: string | undefined, granted: string[]): void {
  if (scope === undefined) return;
  const requested = scope.split(' ').filter(Boolean);
  const same =
    requested.length === granted.length && requested.every((name) => granted.includes(name));
  if (!same) {
    throw new OAuthError('invalid_scope', 'scope must be omitted or equal to the granted scope.');
  }
}
