import type { Context } from 'hono';
import type { AppEnv } from '../app-env.js';
import { DpopRefusal, verifyDpopProof, type DpopProof } from '../oauth/dpop.js';
import { OAuthError } from './oauth-error.js';

/**
 * The DPoP proof of a request to PAR or the token endpoint, checked; null when none was sent. A
 * refused proof is an RFC 6749 §5.2 error: `invalid_dpop_proof`, or `use_dpop_nonce` with the
 * nonce to use in `DPoP-Nonce`. A newer nonce for the next request rides on the answer.
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-5
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-8
 */
export async function dpopProofAtAuthorizationServer(
  c: Context<AppEnv>,
  now: number,
): Promise<DpopProof | null> {
  const header = c.req.header('DPoP');
  if (header === undefined) return null;
  try {
    const proof = await verifyDpopProof(
      c.env,
      { header, method: c.req.method, url: c.req.url },
      now,
    );
    if (proof.nextNonce) c.header('DPoP-Nonce', proof.nextNonce);
    return proof;
  } catch (error) {
    if (!(error instanceof DpopRefusal)) throw error;
    const headers: Record<string, string> = error.nonce ? { 'DPoP-Nonce': error.nonce } : {};
    throw new OAuthError(error.code, error.description, 400, headers);
  }
}
