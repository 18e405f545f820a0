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

/** The S256 challenge of `verifier`, or null for a malformed verifier, which matches none. */
export async function s256Challenge(verifier: string): Promise<string | null> {
  return CODE_VERIFIER_PATTERN.test(verifier) ? sha256Base64url(verifier) : null;
}

/** Whether a verifier's challenge (s256Challenge) is the code's, compared in constant time. */
export function matchesChallenge(computed: string | null, challenge: string): boolean {
  if (computed === null) return false;
  const encoder = new TextEncoder();
  return constantTimeEqual(encoder.encode(computed), encoder.encode(challenge));
}
