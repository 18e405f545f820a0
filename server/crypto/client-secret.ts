import { constantTimeEqual } from './constant-time.js';
import { fromBase64, toBase64 } from './encoding.js';
import { verifySecret } from './password-hash.js';

/**
 * Partner (OAuth client) secrets are issued by the bank, not chosen by people: random strings of
 * at least 256 bits (README, "Deploying"). Nothing can guess one, so a deliberately slow hash
 * would add no protection, only 12 ms of CPU to every PAR and token request. They are stored as
 * `sha256$<hash b64>` and compared in constant time, as RFC 6819 §5.1.4.1.3 asks; a record
 * still in the PBKDF2 format of password-hash.ts is verified as such.
 */
const SCHEME = 'sha256';

export async function hashClientSecret(secret: string): Promise<string> {
  return `${SCHEME}$${toBase64(await digest(secret))}`;
}

export async function verifyClientSecret(secret: string, stored: string): Promise<boolean> {
  const [scheme, hash] = stored.split('$');
  if (scheme !== SCHEME) return verifySecret(secret, stored);
  if (!hash) return false;
  return constantTimeEqual(await digest(secret), fromBase64(hash));
}

/** Matches no secret; verified for an unknown client ID so that it costs what a wrong secret does. */
export const UNMATCHABLE_CLIENT_SECRET_HASH = `${SCHEME}$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=`;

async function digest(secret: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(secret)));
}
