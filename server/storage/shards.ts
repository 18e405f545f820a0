/**
 * Which of `shards` Durable Objects holds `key`'s records: fixed for a key, so each record has
 * one strongly consistent home, and evenly spread. FNV-1a, synchronous, on the hot path of
 * every step. Shards stay warm, where an object per record would be created, and wake cold,
 * for every flow.
 */
export function shardName(prefix: string, key: string, shards: number): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return `${prefix}-${(hash >>> 0) % shards}`;
}
