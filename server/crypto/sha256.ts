import { base64url } from './encoding.js';

/**
 * Codes and tokens are high-entropy, so a plain SHA-256 is enough to store them as hashes and
 * look them up by hash; low-entropy secrets go through password-hash.ts instead.
 */
export async function sha256Base64url(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return base64url(new Uint8Array(digest));
}
