/** How much `npm run bench` does: the full run (a few minutes on 2 cores), `--quick` for CI. */
export interface BenchOptions {
  quick: boolean;
  /** Rounds of each server measurement; medians and spreads are over these. */
  rounds: number;
  /** Flows per round and concurrency: our Worker with and without hashing, oidc-provider. */
  flows: {
    hashed: Record<Concurrency, number>;
    unhashed: Record<Concurrency, number>;
    oidc: Record<Concurrency, number>;
  };
  warmupFlows: number;
  hashesPerRound: number;
  /** Requests of each path per round and concurrency for the runtime's prices (runtime-prices.ts). */
  priceRequests: number;
  growth: { completed: number; abandoned: number };
  pageLoads: number;
  longListRuns: number;
  /** Where to write the markdown table as well as printing it. */
  out?: string;
}

export const CONCURRENCIES = [1, 16] as const;

/** Loads of each page for the customer's wait, in the full run and in `npm run bench:wait`. */
export const PAGE_LOADS = 60;
export type Concurrency = (typeof CONCURRENCIES)[number];

export function parseOptions(argv: string[]): BenchOptions {
  const quick = argv.includes('--quick');
  const growthArg = argv.find((arg) => arg.startsWith('--growth='));
  const outArg = argv.find((arg) => arg.startsWith('--out='));
  const completed = growthArg ? Number(growthArg.slice('--growth='.length)) : quick ? 100 : 1_000;
  if (!Number.isInteger(completed) || completed < 1 || completed > 20_000) {
    throw new Error('--growth=N takes 1 … 20000 flows');
  }
  return {
    quick,
    rounds: quick ? 1 : 3,
    flows: quick
      ? { hashed: { 1: 5, 16: 16 }, unhashed: { 1: 10, 16: 32 }, oidc: { 1: 20, 16: 64 } }
      : { hashed: { 1: 20, 16: 64 }, unhashed: { 1: 30, 16: 128 }, oidc: { 1: 100, 16: 400 } },
    // Ours spreads its state over 64 transaction and 64 lockout objects, each created (a SQLite
    // file and its schema) the first time a key lands there; a flow touches about two of each, so
    // 200 unmeasured flows leave about one object in ten runs uncreated. Steady-state cost is
    // measured; the growth table shows what creating the objects takes.
    warmupFlows: quick ? 2 : 200,
    hashesPerRound: quick ? 10 : 30,
    // /proc counts CPU in 10 ms ticks: 1 000 requests read a price to 0.01 ms (about 30 s).
    priceRequests: quick ? 300 : 1_000,
    growth: { completed, abandoned: Math.max(10, Math.round(completed / 10)) },
    // 20 loads a page gave hosted / floor ratios from 1.07 to 1.44 in runs minutes apart, each
    // load's time spreading 45–150 ms; 60 narrow the medians at about a minute more.
    pageLoads: quick ? 5 : PAGE_LOADS,
    longListRuns: quick ? 2 : 5,
    out: outArg?.slice('--out='.length),
  };
}
