import { sha256Base64url } from '../crypto/sha256.js';
import { OAuthError } from '../http/oauth-error.js';
import { redeemCode, type RedeemedCode } from '../storage/authorization-codes.js';
import type { Partner } from '../storage/partners.js';
import { revokeTokenFamily } from '../storage/tokens.js';
import { verifyPkce } from './pkce.js';
import { issueTokens, type TokenResponse } from './token-issuance.js';

export interface CodeExchange {
  code: string;
  redirectUri: string;
  codeVerifier: string;
  /** The key of the request's DPoP proof, or null when it carried none. */
  dpopJkt: string | null;
}

/**
 * The authorization_code grant. The code is used up before any other check, so a code presented
 * once with a wrong verifier cannot be tried again.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.3
 */
export async function exchangeAuthorizationCode(
  db: D1Database,
  partner: Partner,
  exchange: CodeExchange,
  now: number,
): Promise<TokenResponse> {
  const codeHash = await sha256Base64url(exchange.code);
  const redemption = await redeemCode(db, codeHash, now);
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
  if (!(await verifyPkce(exchange.codeVerifier, code.codeChallenge))) {
    throw new OAuthError('invalid_grant', 'code_verifier does not match the code_challenge.');
  }
  assertBoundKey(code, exchange.dpopJkt);
  if (!grant) throw new OAuthError('invalid_grant', 'The grant has ended.');
  return issueTokens(db, grant, { codeHash, dpopJkt: exchange.dpopJkt }, now);
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
