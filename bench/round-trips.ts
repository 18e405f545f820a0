import type { Flow, StepTimer } from './flow-driver.js';

/** What one request asked of storage (round-trip-worker.ts counts it). */
export interface RoundTrips {
  /** D1 round trips (a batch is one), the demo bank's included, and the statements they carried. */
  d1: number;
  d1Statements: number;
  /** Calls to the bank's ports: requests to the bank's own systems in production. */
  bankCalls: number;
  /** Durable Object calls, and those of them that only read. */
  objects: number;
  objectReads: number;
  /** Rate Limiting binding calls. */
  limiters: number;
}

export const OUR_KINDS = [
  'd1',
  'd1Statements',
  'bankCalls',
  'objects',
  'objectReads',
  'limiters',
] as const;

/** node-oidc-provider on Redis: requests to Redis (oidc-redis-adapter.ts counts them). */
export interface RedisRoundTrips {
  redis: number;
}

/**
 * Storage round trips per step, averaged over `flows` complete flows run one after another,
 * after `warmupFlows` that fill caches as a busy server's are. The server answers its running
 * totals at /bench-only/round-trips: our counting Worker (round-trip-worker.ts) or the
 * bench's node-oidc-provider (oidc-provider-server.ts).
 */
export async function measureRoundTrips<K extends string>(
  origin: string,
  flow: Flow,
  kinds: readonly K[],
  { flows, warmupFlows, firstIndex }: { flows: number; warmupFlows: number; firstIndex: number },
): Promise<Map<string, Record<K, number>>> {
  const read = async () =>
    (await fetch(`${origin}/bench-only/round-trips`)).json() as Promise<Record<K, number>>;
  const zero = () => Object.fromEntries(kinds.map((kind) => [kind, 0])) as Record<K, number>;
  const totals = new Map<string, Record<K, number>>();
  let measuring = false;
  const step: StepTimer = async (name, action) => {
    const before = await read();
    const value = await action();
    const after = await read();
    if (measuring) {
      const total = totals.get(name) ?? zero();
      for (const kind of kinds) total[kind] += after[kind] - before[kind];
      totals.set(name, total);
    }
    return value;
  };
  for (let index = 0; index < warmupFlows + flows; index++) {
    measuring = index >= warmupFlows;
    await flow(step, firstIndex + index);
  }
  for (const total of totals.values()) for (const kind of kinds) total[kind] /= flows;
  return totals;
}
