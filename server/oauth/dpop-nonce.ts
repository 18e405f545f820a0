import { constantTimeEqual } from '../crypto/constant-time.js';
import { base64url } from '../crypto/encoding.js';

/**
 * A Worker secret (`wrangler secret put DPOP_NONCE_SECRET`), so not in wrangler.jsonc nor in the
 * generated Env. When set, every DPoP proof must carry a nonce the bank issued; unset, none is
 * asked for.
 */
interface NonceSecret {
  DPOP_NONCE_SECRET?: string;
}

/** A nonce names its two-minute window; it is accepted in that window and the next. */
const WINDOW_MS = 120_000;

/**
 * Server-provided DPoP nonces, which bound how long a proof can be used, even one a client
 * generated ahead for a time it chose. Stateless: a nonce is its window's number and an HMAC of
 * it under the Worker's secret, so every isolate issues and checks the same ones without storage,
 * and none can be predicted without the secret.
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-8
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-11.2
 */
export interface DpopNonces {
  /** The nonce to hand out now (in `DPoP-Nonce`). */
  current(now: number): Promise<string>;
  /** Whether `nonce` is one this bank issued in the current or the previous window. */
  isRecent(nonce: string, now: number): Promise<boolean>;
}

/** The nonces of this Worker, or null when it asks for none (no DPOP_NONCE_SECRET). */
export function dpopNonces(env: Env & NonceSecret): DpopNonces | null {
  const secret = env.DPOP_NONCE_SECRET;
  if (!secret) return null;
  const windowOf = (now: number) => Math.floor(now / WINDOW_MS);
  return {
    async current(now) {
      const window = windowOf(now);
      return `${window}.${await mac(secret, window)}`;
    },
    async isRecent(nonce, now) {
      const match = /^(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(nonce);
      if (!match) return false;
      const window = Number(match[1]);
      const current = windowOf(now);
      if (window !== current && window !== current - 1) return false;
      const expected = new TextEncoder().encode(await mac(secret, window));
      return constantTimeEqual(expected, new TextEncoder().encode(match[2]));
    },
  };
}

/** One HMAC key per secret and isolate: importing it costs more than the MAC. */
const keys = new Map<string, Promise<CryptoKey>>();

async function mac(secret: string, window: number): Promise<string> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    keys.set(secret, key);
  }
  const data = new TextEncoder().encode(`dpop-nonce ${window}`);
  return base64url(new Uint8Array(await crypto.subtle.sign('HMAC', await key, data)));
}
