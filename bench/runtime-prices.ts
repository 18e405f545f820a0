import { join } from 'node:path';
import { Miniflare } from 'miniflare';
import { unstable_readConfig } from 'wrangler';
import { bundleSmallWorker } from './small-worker.js';
import { CONCURRENCIES, type Concurrency } from './options.js';
import { childPids, cpuSeconds } from './process-stats.js';

/** The storage operations price-worker.ts does one of per request, and their paths. */
export const OPERATIONS = {
  // The write first: warming up, it creates the row the read then finds.
  objectWrite: '/object-write',
  objectRead: '/object-read',
  d1Read: '/d1-read',
  d1Batch: '/d1-batch',
  limiter: '/limiter',
} as const;
export type Operation = keyof typeof OPERATIONS;

/** Per round, workerd CPU milliseconds: of a request that does nothing, and each operation's. */
export interface RuntimePrices {
  /** Requests of each path per round and concurrency. */
  requests: number;
  requestMs: Record<Concurrency, number[]>;
  /** A request doing the operation minus the no-op request of the same round. */
  operationMs: Record<Operation, Record<Concurrency, number[]>>;
}

/**
 * What the local runtime charges in CPU for one request and for each kind of storage call our
 * flows make, on a Worker of its own (price-worker.ts) run as bank-worker.ts runs ours: the same
 * compatibility date and flags, SQLite-backed objects and D1 persisted under `stateDir`, requests
 * straight to the Worker's socket. Each round sends `requests` requests of each path, at
 * concurrency 1 (one after another) and 16 (16 in flight, each lane on an object of its own, as
 * concurrent flows mostly land on different shards); paths alternate within a round so the
 * machine's noise falls on all alike.
 */
export async function measureRuntimePrices({
  stateDir,
  rounds,
  requests,
}: {
  stateDir: string;
  rounds: number;
  requests: number;
}): Promise<RuntimePrices> {
  const contents = await bundleSmallWorker('price-worker.ts');
  const config = unstable_readConfig({ config: 'wrangler.jsonc' });
  const before = new Set(childPids(process.pid, 'workerd'));
  const mf = new Miniflare({
    host: '127.0.0.1',
    port: 0,
    modules: [{ type: 'ESModule', path: 'price-worker.js', contents }],
    compatibilityDate: config.compatibility_date,
    compatibilityFlags: config.compatibility_flags,
    durableObjects: { PRICES: { className: 'Prices', useSQLite: true } },
    d1Databases: { DB: 'prices' },
    // A limit no bench reaches, as bank-worker.ts sets: every call is counted, none refused.
    ratelimits: { LIMITER: { simple: { limit: 1_000_000_000, period: 60 } } },
    d1Persist: join(stateDir, 'd1'),
    durableObjectsPersist: join(stateDir, 'do'),
    unsafeDirectSockets: [{ host: '127.0.0.1', port: 0 }],
  });
  try {
    await mf.ready;
    const origin = (await mf.unsafeGetDirectURL()).origin;
    const pid = childPids(process.pid, 'workerd').find((candidate) => !before.has(candidate));
    if (!pid) throw new Error('workerd process not found among this process’s children');
    const get = async (path: string, object: number) => {
      const response = await fetch(`${origin}${path}?object=lane-${object}`);
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
    };
    const cpuMsPerRequest = async (path: string, concurrency: Concurrency, count: number) => {
      const start = cpuSeconds(pid);
      await Promise.all(
        Array.from({ length: concurrency }, async (_, lane) => {
          for (let i = lane; i < count; i += concurrency) await get(path, lane);
        }),
      );
      return ((cpuSeconds(pid) - start) * 1000) / count;
    };
    // Creates the D1 table and its rows, then (warming each path up) every object and row the
    // measured requests touch.
    await get('/setup', 0);
    const paths = ['/noop', ...Object.values(OPERATIONS)];
    for (const path of paths) await cpuMsPerRequest(path, 16, 200);

    const prices: RuntimePrices = {
      requests,
      requestMs: { 1: [], 16: [] },
      operationMs: {} as RuntimePrices['operationMs'],
    };
    for (const operation of Object.keys(OPERATIONS) as Operation[]) {
      prices.operationMs[operation] = { 1: [], 16: [] };
    }
    for (let round = 0; round < rounds; round++) {
      for (const concurrency of CONCURRENCIES) {
        const noopBefore = await cpuMsPerRequest('/noop', concurrency, requests);
        const withOperation = new Map<Operation, number>();
        for (const [operation, path] of Object.entries(OPERATIONS) as [Operation, string][]) {
          withOperation.set(operation, await cpuMsPerRequest(path, concurrency, requests));
        }
        // The no-op before and after the operations, so a drift in the round falls on both sides.
        const noop = (noopBefore + (await cpuMsPerRequest('/noop', concurrency, requests))) / 2;
        prices.requestMs[concurrency].push(noop);
        for (const [operation, ms] of withOperation) {
          prices.operationMs[operation][concurrency].push(ms - noop);
        }
      }
    }
    return prices;
  } finally {
    await mf.dispose();
  }
}
