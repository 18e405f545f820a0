import { base64url } from './encoding.js';

/** A 256-bit random token (codes, access and refresh tokens, transaction handles). */
export function randomToken(bytes = 32): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}
