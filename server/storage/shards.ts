export interface Shards {
  prefix: string;
  count: number;
}

/** A transaction handle always lands in the same object; 64 keep far more flows than a bank sees. */
export const TRANSACTION_SHARDS: Shards = { prefix: 'transactions', count: 64 };
/** Likewise a lockout subject (a login ID, an account's PIN registration). */
export const LOCKOUT_SHARDS: Shards = { prefix: 'lockouts', count: 64 };

/**
 * Which of the shards' Durable Objects holds `key`'s records: fixed for a key, so each record has
 * one strongly consistent home, and evenly spread. FNV-1a, synchronous, on the hot path of
 * every step. Shards stay warm, where an object per record would be created, and wake cold,
 * for every flow.
 */
export function shardName(shards: Shards, key: string): string {
  return `${shards.prefix}-${shardIndex(shards, fnv1a(key))}`;
}

/** The shard number of a key whose FNV-1a hash is `hash`. */
export const shardIndex = ({ count }: Shards, hash: number) => (hash >>> 0) % count;

/**
 * FNV-1a (32 bits) of `text`, continued from `hash`, the hash of whatever precedes it: hashing
 * a prefix once and then each of many endings costs only the endings.
 */
export function fnv1a(text: string, hash = 0x811c9dc5): number {
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash;
}

/** Every shard's name, for whoever must visit them all (the benchmark's storage count). */
export function allShardNames({ prefix, count }: Shards): string[] {
  return Array.from({ length: count }, (_, index) => `${prefix}-${index}`);
}
