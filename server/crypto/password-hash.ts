import { constantTimeEqual } from './constant-time.js';
import { fromBase64, toBase64 } from './encoding.js';

/**
 * PBKDF2-SHA256 through WebCrypto for what people choose: passwords, inquiry PINs, answers
 * (partner secrets are machine-issued; see client-secret.ts).
 * Stored as `pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>` so the cost can be raised later
 * without invalidating old records. 100 000 is the most the Workers runtime allows.
 */
export const PBKDF2_ITERATIONS = 100_000;
const HASH_BYTES = 32;

export async function hashSecret(secret: string, iterations = PBKDF2_ITERATIONS): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const hash = await derive(secret, salt, iterations);
  return `pbkdf2-sha256$${iterations}$${toBase64(salt)}$${toBase64(hash)}`;
}

export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const [scheme, iterations, salt, hash] = stored.split('$');
  if (scheme !== 'pbkdf2-sha256' || !iterations || !salt || !hash) return false;
  const expected = fromBase64(hash);
  const actual = await derive(secret, fromBase64(salt), Number(iterations));
  return constantTimeEqual(actual, expected);
}

/**
 * A stored hash that matches nothing, verified when the subject is unknown so that an unknown
 * login ID costs as much time as a wrong password and the two cannot be told apart.
 */
export const UNMATCHABLE_HASH = `pbkdf2-sha256$${PBKDF2_ITERATIONS}$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=`;

async function derive(
  secret: string,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number,
): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    'PBKDF2',
    false,
    ['deriveBits'],
  );
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    key,
    HASH_BYTES * 8,
  );
  return new Uint8Array(bits);
}
