import { sha256Base64url } from '../crypto/sha256.js';
import { OAuthError } from '../http/oauth-error.js';
import { recordGrantUse } from '../storage/grant-use.js';
import { findActiveGrant } from '../storage/grants.js';
import type { Partner } from '../storage/partners.js';
import { findLiveRefreshToken, type LiveRefreshToken } from '../storage/tokens.js';
import { issueRefreshedTokens, type TokenResponse } from './token-issuance.js';

/**
 * The refresh_token grant, without rotation: every partner is a confidential client, whose
 * refresh token is bound to its authentication (and, if issued with DPoP, to the DPoP key), so
 * the same refresh token keeps working until the grant ends or it is revoked. Every check runs
 * before anything is written, so a refused request changes nothing, and a request whose answer
 * was lost can simply be sent again.
 * @see https://openid.net/specs/fapi-security-profile-2_0-final.html#section-5.3.2.1 (refresh token rotation, and its note 2)
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
 */
export async function refreshTokens(
  db: D1Database,
  partner: Partner,
  refreshToken: string,
  scope: string | undefined,
  dpopJkt: string | null,
  now: number,
): Promise<TokenResponse> {
  const token = await findLiveRefreshToken(
    db,
    await sha256Base64url(refreshToken),
    partner.clientId,
    now,
  );
  if (!token) {
    throw new OAuthError('invalid_grant', 'The refresh token is invalid, expired or revoked.');
  }
  assertBoundKey(token, dpopJkt);
  const grant = await findActiveGrant(db, token.family.grantId, now);
  if (!grant) throw new OAuthError('invalid_grant', 'The grant has ended or was revoked.');
  assertNoNewScope(scope, grant.scopes);
  const tokens = await issueRefreshedTokens(
    db,
    grant,
    { codeHash: token.family.codeHash, dpopJkt, refreshToken },
    now,
  );
  await recordGrantUse(db, grant.id, now);
  return tokens;
}

/**
 * A refresh token issued with a DPoP proof refreshes only with a proof by the same key.
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-5
 */
function assertBoundKey(token: LiveRefreshToken, dpopJkt: string | null): void {
  if (token.dpopJkt !== null && token.dpopJkt !== dpopJkt) {
    throw new OAuthError(
      'invalid_grant',
      dpopJkt === null
        ? 'The refresh token is bound to a DPoP key: send a DPoP proof by that key.'
        : 'The DPoP proof is signed by another key than the one the refresh token is bound to.',
    );
  }
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
