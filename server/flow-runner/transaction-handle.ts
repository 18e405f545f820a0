import type { Context } from 'hono';
import type { AppEnv } from '../app-env.js';
import { base64url } from '../crypto/encoding.js';
import { randomToken } from '../crypto/random-token.js';
import { ipSubject, transactionSubject } from '../storage/lockouts.js';
import { fnv1a, LOCKOUT_SHARDS, shardIndex } from '../storage/shards.js';
import { clientIp } from './guarded-check.js';

/** Draws before settling for any handle: (63/64)^512 ≈ 3 × 10⁻⁴ of starts go past it. */
const MAX_DRAWS = 512;
/** A handle is 32 random bytes: 30 drawn once (40 characters), then the last 2 until one fits. */
const FIXED_BYTES = 30;
const DRAWN_BYTES = 2;

/**
 * A new transaction's handle (256 random bits), drawn until its failure counter
 * (`transactionSubject`) lives in the same lockout object as the client IP's (`ipSubject`):
 * every secret check reserves and settles both limits, so co-located they cost one Durable Object
 * call each way instead of two. Which subject lives where is unchanged (storage/shards.ts), so a
 * handle that missed, or a customer whose address changes, only costs the extra call. The draw
 * fixes the 6 bits of a shard number that anyone can compute from the handle anyway; about 250
 * unguessable bits remain. Only the handle's last 2 bytes are drawn again (30 bytes are 40
 * base64url characters, so the first 40 stay put): the subject's hash is taken over its fixed
 * part once, and each draw hashes 3 characters, not the whole handle (about 64 draws a start).
 */
export function newTransactionHandle(c: Context<AppEnv>): string {
  const home = shardIndex(LOCKOUT_SHARDS, fnv1a(ipSubject(clientIp(c))));
  const fixed = randomToken(FIXED_BYTES);
  const fixedHash = fnv1a(transactionSubject(fixed));
  const draws = crypto.getRandomValues(new Uint8Array(DRAWN_BYTES * MAX_DRAWS));
  let ending = '';
  for (let draw = 0; draw < MAX_DRAWS; draw++) {
    ending = base64url(draws.subarray(draw * DRAWN_BYTES, (draw + 1) * DRAWN_BYTES));
    if (shardIndex(LOCKOUT_SHARDS, fnv1a(ending, fixedHash)) === home) break;
  }
  return fixed + ending;
}
