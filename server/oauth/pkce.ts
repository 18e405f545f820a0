import { sha256Base64url } from '../crypto/sha256.js';
import { constantTimeEqual } from '../crypto/constant-time.js';

/**
 * code_verifier = 43*128unreserved; code_challenge = BASE64URL(SHA256(verifier)) for S256,
 * the only method accepted.
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.1
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.6
 */
export const CODE_VERIFIER_PATTERN = /^[A-Za-z0-9\-._~]{43,128}$/;
export const CODE_CHALLENGE_PATTERN = /^[A-Za-z0-9\-_]{43}$/;

export async function verifyPkce(verifier: string, challenge: string): Promise<boolean> {
  if (!CODE_VERIFIER_PATTERN.test(verifier)) return false;
  const computed = new TextEncoder().encode(await sha256Base64url(verifier));
  return constantTimeEqual(computed, new TextEncoder().encode(challenge));
}
