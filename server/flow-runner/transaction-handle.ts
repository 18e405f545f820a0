import type { Context } from 'hono';
import type { AppEnv } from '../app-env.js';
import { randomToken } from '../crypto/random-token.js';
import { ipSubject, transactionSubject } from '../storage/lockouts.js';
import { LOCKOUT_SHARDS, shardName } from '../storage/shards.js';
import { clientIp } from './guarded-check.js';

/** Draws before settling for any handle: (63/64)^512 ≈ 3 × 10⁻⁴ of starts go past it. */
const MAX_DRAWS = 512;

/**
 * A new transaction's handle (256 random bits), drawn until its failure counter
 * (`transactionSubject`) lives in the same lockout object as the client IP's (`ipSubject`):
 * every secret check reserves and settles both limits, so co-located they cost one Durable Object
 * call each way instead of two. Which subject lives where is unchanged (storage/shards.ts), so a
 * handle that missed, or a customer whose address changes, only costs the extra call. The draw
 * fixes the 6 bits of a shard number that anyone can compute from the handle anyway; about 250
 * unguessable bits remain.
 */
export function newTransactionHandle(c: Context<AppEnv>): string {
  const home = shardName(LOCKOUT_SHARDS, ipSubject(clientIp(c)));
  let handle = randomToken();
  for (let draw = 1; draw < MAX_DRAWS; draw++) {
    if (shardName(LOCKOUT_SHARDS, transactionSubject(handle)) === home) break;
    handle = randomToken();
  }
  return handle;
}
