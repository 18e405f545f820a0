import { OAuthError } from '../http/oauth-error.js';
import type { ClientAuthenticationMethod, Partner } from '../storage/partners.js';
import type { DpopProof } from './dpop.js';

/**
 * What a partner's security profile requires beyond what every partner must do. `fapi2` is the
 * FAPI 2.0 Security Profile: pushed requests only, private_key_jwt, and DPoP-bound tokens.
 * @see https://openid.net/specs/fapi-security-profile-2_0-final.html#section-5.3.2
 */

/**
 * Whether the partner must push its requests (PAR). FAPI 2.0 partners always must, whatever
 * else their registration allows.
 * @see https://openid.net/specs/fapi-security-profile-2_0-final.html#section-5.3.2.2 (item 2: PAR)
 * @see https://www.rfc-editor.org/rfc/rfc9126#section-4
 */
export function requiresPushedRequests(partner: Partner): boolean {
  return partner.profile === 'fapi2' || !partner.allowsPlainAuthorizationRequest;
}

/**
 * FAPI 2.0 partners authenticate with private_key_jwt only; a shared secret is refused even if
 * one was registered.
 * @see https://openid.net/specs/fapi-security-profile-2_0-final.html#section-5.3.2.1 (item 4)
 */
export function assertAllowedClientAuthentication(
  partner: Partner,
  method: ClientAuthenticationMethod,
): void {
  if (partner.profile === 'fapi2' && method !== 'private_key_jwt') {
    throw new OAuthError('invalid_client', 'This client must authenticate with private_key_jwt.');
  }
}

/**
 * FAPI 2.0 partners get sender-constrained tokens only, so their token requests must carry a
 * DPoP proof (RFC 9449 §5: the token request of a DPoP client "MUST" include one).
 * @see https://openid.net/specs/fapi-security-profile-2_0-final.html#section-5.3.2.1 (item 6)
 */
export function assertSenderConstrained(partner: Partner, proof: DpopProof | null): void {
  if (partner.profile === 'fapi2' && !proof) {
    throw new OAuthError(
      'invalid_dpop_proof',
      'This client must send a DPoP proof (RFC 9449 section 5).',
    );
  }
}
