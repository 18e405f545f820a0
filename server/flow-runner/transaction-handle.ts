import type { Context } from 'hono';
import type { AppEnv } from '../app-env.js';
import { base64url } from '../crypto/encoding.js';
import { randomToken } from '../crypto/random-token.js';
import { ipSubject, transactionSubject } from '../storage/lockouts.js';
import {
  fnv1a,
  LOCKOUT_SHARDS,
  shardIndex,
  TRANSACTION_SHARDS,
  type Shards,
} from '../storage/shards.js';
import { clientIp } from './guarded-check.js';

/**
 * A handle is 32 random bytes, 43 base64url characters: 27 bytes drawn once (36 characters), then
 * 3 (4 characters) until its first 40 characters, which pick its object, pick the pushed
 * request's, then 2 (3 characters) until its failure counter lands beside the client IP's.
 */
const FIXED_BYTES = 27;
const ROUTED_BYTES = 3;
const LOCKOUT_BYTES = 2;
/** Draws at a time: (63/64)^512 ≈ 3 × 10⁻⁴ of batches find none that fits. */
const BATCH = 512;

/**
 * A new transaction's handle (256 random bits), drawn so that
 * - its transaction lives in the object of the request_uri it starts from, so that one call uses
 *   up the request and begins the transaction (storage/transactions.ts says why only its first 40
 *   characters pick the object). Every object is within 0.1 % of 1/64 of all 4-character endings
 *   whatever precedes them, so a batch fails 3 × 10⁻⁴ of the time and the next batch is drawn;
 * - its failure counter (`transactionSubject`) lives in the same lockout object as the client IP's
 *   (`ipSubject`): every secret check reserves and settles both limits, so co-located they cost
 *   one Durable Object call each way instead of two. A handle that missed after one batch, or a
 *   customer whose address changes, only costs the extra call.
 * Which object holds each lockout subject is unchanged (storage/shards.ts), so every limit holds
 * as before. The draws fix 12 bits that anyone can compute from the handle anyway (two shard
 * numbers): 244 unguessable bits remain. Each draw hashes only the characters it draws.
 */
export function newTransactionHandle(c: Context<AppEnv>, requestUri: string): string {
  const fixed = randomToken(FIXED_BYTES);
  const fixedHash = fnv1a(fixed);
  const requestHome = shardIndex(TRANSACTION_SHARDS, fnv1a(requestUri));
  let routedEnding: string | undefined;
  while (routedEnding === undefined) {
    routedEnding = drawEnding(ROUTED_BYTES, fixedHash, TRANSACTION_SHARDS, requestHome);
  }
  const routed = fixed + routedEnding;
  const ipHome = shardIndex(LOCKOUT_SHARDS, fnv1a(ipSubject(clientIp(c))));
  const subjectHash = fnv1a(transactionSubject(routed));
  return (
    routed +
    (drawEnding(LOCKOUT_BYTES, subjectHash, LOCKOUT_SHARDS, ipHome) ?? randomToken(LOCKOUT_BYTES))
  );
}

/**
 * Up to BATCH draws of `bytes` random bytes in base64url: the first that, hashed on from
 * `prefixHash`, picks shard `home`.
 */
function drawEnding(
  bytes: number,
  prefixHash: number,
  shards: Shards,
  home: number,
): string | undefined {
  const draws = crypto.getRandomValues(new Uint8Array(bytes * BATCH));
  for (let draw = 0; draw < BATCH; draw++) {
    const ending = base64url(draws.subarray(draw * bytes, (draw + 1) * bytes));
    if (shardIndex(shards, fnv1a(ending, prefixHash)) === home) return ending;
  }
  return undefined;
}
