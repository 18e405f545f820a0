import type { RoundTrips } from './round-trips.js';
import type { Operation, RuntimePrices } from './runtime-prices.js';
import type { ServerCost } from './server-cost.js';
import { fixed, header, row, spread } from './markdown.js';
import { median } from './stats.js';

/** Prices are tenths of a millisecond: two decimals throughout. */
const n = (value: number, digits = 2) => fixed(value, digits);
const CONCURRENCIES = [1, 16] as const;

const OPERATION_NAMES: Record<Operation, string> = {
  objectRead: 'Durable Object call reading one row',
  objectWrite: 'Durable Object call upserting one 1.3 KB row (a transaction’s size)',
  d1Read: 'D1 SELECT of one row',
  d1Batch: 'D1 batch of 3 upserts',
  limiter: 'Rate Limiting `limit()`',
};

export interface PricesInput {
  prices: RuntimePrices;
  /** Our storage round trips per step (round-trip-worker.ts), summed here into one flow's. */
  roundTrips: Map<string, RoundTrips>;
  requestsPerFlow: number;
  /** Our measured CPU per flow with the bank's hashing out, and the durable peer's. */
  ours: (concurrency: number) => ServerCost;
  ourLabel: string;
  peer: (concurrency: number) => ServerCost;
  peerLabel: string;
  /** A request our Worker answers 404 at once: straight to it, and through the local edge. */
  requestFloorMs: number[];
  entryFloorMs: number[];
}

/**
 * What the local runtime charges per request and per storage call, and what our flow's counted
 * round trips come to at those prices: on Cloudflare, D1 and Durable Objects run in processes of
 * their own and are billed apart, while locally workerd runs them beside the Worker.
 */
export function runtimePricesSection(input: PricesInput): string[] {
  const { prices } = input;
  const price = (operation: Operation, c: 1 | 16) => median(prices.operationMs[operation][c]);
  const lines = [
    `### The local runtime's price per storage call (workerd CPU ms; bench/price-worker.ts; median [min–max] over rounds of ${prices.requests} requests, read in 10 ms ticks: ±${n(10 / prices.requests, 3)} ms)`,
    '',
    ...header('operation', 'CPU ms per call at concurrency 1', 'at concurrency 16'),
    row(
      'a request that does nothing (the price of a request)',
      ...CONCURRENCIES.map((c) => spread(prices.requestMs[c], 2)),
    ),
    ...(Object.keys(OPERATION_NAMES) as Operation[]).map((operation) =>
      row(
        OPERATION_NAMES[operation],
        ...CONCURRENCIES.map((c) => spread(prices.operationMs[operation][c], 2)),
      ),
    ),
  ];

  const trips = { d1: 0, d1Statements: 0, objects: 0, objectReads: 0, limiters: 0 };
  for (const step of input.roundTrips.values()) {
    for (const kind of Object.keys(trips) as (keyof typeof trips)[]) trips[kind] += step[kind];
  }
  // A D1 round trip is priced as the SELECT; each statement a batch adds beyond its first, as
  // half of what the batch of 3 costs beyond the SELECT.
  const extraStatement = (c: 1 | 16) => (price('d1Batch', c) - price('d1Read', c)) / 2;
  const parts: [string, string, (c: 1 | 16) => number][] = [
    [
      'requests, each at the no-op’s price',
      n(input.requestsPerFlow, 0),
      (c) => input.requestsPerFlow * median(prices.requestMs[c]),
    ],
    [
      'Durable Object calls that only read, each at the read’s price',
      n(trips.objectReads, 1),
      (c) => trips.objectReads * price('objectRead', c),
    ],
    [
      'Durable Object calls that write, each at the write’s price',
      n(trips.objects - trips.objectReads, 1),
      (c) => (trips.objects - trips.objectReads) * price('objectWrite', c),
    ],
    [
      'D1 round trips (statements): a SELECT each, + (batch − SELECT) / 2 per further statement',
      `${n(trips.d1, 1)} (${n(trips.d1Statements, 1)})`,
      (c) => trips.d1 * price('d1Read', c) + (trips.d1Statements - trips.d1) * extraStatement(c),
    ],
    ['rate limiter calls', n(trips.limiters, 1), (c) => trips.limiters * price('limiter', c)],
  ];
  const floor = (c: 1 | 16) => parts.reduce((sum, [, , cost]) => sum + cost(c), 0);
  const measured = (cost: ServerCost) => median(cost.cpuMsPerFlow);
  const ownWork = (c: 1 | 16) => measured(input.ours(c)) - floor(c);
  // The durable peer's processes, in the order run.ts lists them: node, then redis-server.
  const peerProcess = (c: 1 | 16, index: number) =>
    median(input.peer(c).processCpuMsPerFlow[index] ?? []);
  lines.push(
    '',
    `### The runtime's storage floor per flow (our round trips per flow × the prices above; CPU ms)`,
    '',
    ...header('figure', 'per flow', 'concurrency 1', 'concurrency 16'),
    ...parts.map(([name, count, cost]) =>
      row(name, count, ...CONCURRENCIES.map((c) => n(cost(c)))),
    ),
    row('**storage floor per flow**', '', ...CONCURRENCIES.map((c) => n(floor(c)))),
    row(`${input.ourLabel}, measured`, '', ...CONCURRENCIES.map((c) => n(measured(input.ours(c))))),
    row(
      "**ours without the runtime's storage** (measured − floor)",
      '',
      ...CONCURRENCIES.map((c) => n(ownWork(c))),
    ),
    row(`${input.peerLabel}: node`, '', ...CONCURRENCIES.map((c) => n(peerProcess(c, 0)))),
    row(`${input.peerLabel}: redis-server`, '', ...CONCURRENCIES.map((c) => n(peerProcess(c, 1)))),
    row(
      `ratio ours without the runtime's storage / ${input.peerLabel}'s node alone (its Redis client in it)`,
      '',
      ...CONCURRENCIES.map((c) => n(ownWork(c) / peerProcess(c, 0))),
    ),
    '',
    `A request our Worker answers 404 at once (its routing in) takes ${spread(input.requestFloorMs, 2)} ms ` +
      `(${spread(input.entryFloorMs, 2)} ms through Miniflare's entry and asset router, which the flows skip).`,
  );
  return lines;
}
