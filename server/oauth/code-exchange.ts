import { sha256Base64url } from '../crypto/sha256.js';
import { OAuthError } from '../http/oauth-error.js';
import { redeemCodeForTokens, type RedeemedCode } from '../storage/authorization-codes.js';
import type { Partner } from '../storage/partners.js';
import { revokeTokenFamily } from '../storage/tokens.js';
import { ACCESS_TOKEN_LIFETIME_MS } from './lifetimes.js';
import { matchesChallenge, s256Challenge } from './pkce.js';
import { newToken, tokenResponse, type TokenResponse } from './token-issuance.js';

export interface CodeExchange {
  code: string;
  redirectUri: string;
  /** Absent when the request sent none, which no code accepts. */
  codeVerifier: string | undefined;
  /** The key of the request's DPoP proof, or null when it carried none. */
  dpopJkt: string | null;
}

/**
 * The authorization_code grant, in one D1 round trip: the code is redeemed and its tokens stored
 * in one batch, which stores them only if every check below holds (storage/authorization-codes.ts
 * repeats them in SQL). The code is used up whatever the checks find, so a code presented once
 * with a wrong verifier cannot be tried again; the checks here say which one failed.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.3
 */
export async function exchangeAuthorizationCode(
  db: D1Database,
  partner: Partner,
  exchange: CodeExchange,
  now: number,
): Promise<TokenResponse> {
  const codeHash = await sha256Base64url(exchange.code);
  const [accessToken, refreshToken] = await Promise.all([newToken(), newToken()]);
  const verifierChallenge =
    exchange.codeVerifier === undefined ? null : await s256Challenge(exchange.codeVerifier);
  const redemption = await redeemCodeForTokens(
    db,
    {
      codeHash,
      clientId: partner.clientId,
      redirectUri: exchange.redirectUri,
      verifierChallenge,
      dpopJkt: exchange.dpopJkt,
    },
    {
      accessTokenHash: accessToken.hash,
      refreshTokenHash: refreshToken.hash,
      accessExpiresAt: now + ACCESS_TOKEN_LIFETIME_MS,
    },
    now,
  );
  if (redemption.status === 'replayed') {
    await revokeTokenFamily(db, redemption.family, now);
    throw new OAuthError(
      'invalid_grant',
      'The authorization code was already used; tokens issued from it are revoked.',
    );
  }
  if (redemption.status === 'unknown') {
    throw new OAuthError('invalid_grant', 'The authorization code is invalid.');
  }
  const { code, grant } = redemption;
  assertIssuedToClient(code, partner);
  assertNotExpired(code, now);
  assertSameRedirectUri(code, exchange.redirectUri);
  assertVerifierMatches(exchange.codeVerifier, verifierChallenge, code);
  assertBoundKey(code, exchange.dpopJkt);
  if (!grant) throw new OAuthError('invalid_grant', 'The grant has ended.');
  if (!redemption.tokensSaved) {
    throw new OAuthError(
      'invalid_grant',
      'The code was used again or the grant revoked meanwhile; its tokens are revoked.',
    );
  }
  const answered = { accessToken: accessToken.value, refreshToken: refreshToken.value };
  return tokenResponse(grant, answered, exchange.dpopJkt, now);
}

/**
 * A code bound to a DPoP key at PAR is redeemed only with a proof by that key, so a stolen code
 * is worthless without the key.
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-10
 */
function assertBoundKey(code: RedeemedCode, dpopJkt: string | null): void {
  if (code.dpopJkt !== null && code.dpopJkt !== dpopJkt) {
    throw new OAuthError(
      'invalid_grant',
      dpopJkt === null
        ? 'The authorization code is bound to a DPoP key: send a DPoP proof by that key.'
        : 'The DPoP proof is signed by another key than the one the code is bound to.',
    );
  }
}

/**
 * Every code was requested with a code_challenge, so a token request without its code_verifier
 * is refused like one with the wrong verifier: `invalid_grant`, and the code is used up.
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.6
 * @see https://openid.net/specs/fapi-security-profile-2_0-final.html#section-5.3.2.2 (item 5: PKCE)
 */
function assertVerifierMatches(
  codeVerifier: string | undefined,
  verifierChallenge: string | null,
  code: RedeemedCode,
): void {
  if (codeVerifier === undefined) {
    throw new OAuthError(
      'invalid_grant',
      'code_verifier is required: the code has a code_challenge.',
    );
  }
  if (!matchesChallenge(verifierChallenge, code.codeChallenge)) {
    throw new OAuthError('invalid_grant', 'code_verifier does not match the code_challenge.');
  }
}

/** @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.3 ("ensure that the authorization code was issued to the authenticated confidential client") */
function assertIssuedToClient(code: RedeemedCode, partner: Partner): void {
  if (code.clientId !== partner.clientId) {
    throw new OAuthError('invalid_grant', 'The authorization code was issued to another client.');
  }
}

function assertNotExpired(code: RedeemedCode, now: number): void {
  if (code.expiresAt <= now) {
    throw new OAuthError('invalid_grant', 'The authorization code has expired.');
  }
}

/** @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.3 ("redirect_uri ... values MUST be identical") */
function assertSameRedirectUri(code: RedeemedCode, redirectUri: string): void {
  if (code.redirectUri !== redirectUri) {
    throw new OAuthError('invalid_grant', 'redirect_uri differs from the authorization request.');
  }
}
