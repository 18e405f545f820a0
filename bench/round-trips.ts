import type { Flow, StepTimer } from './flow-driver.js';

/** What one request asked of storage (round-trip-worker.ts counts it). */
export interface RoundTrips {
  /** D1 round trips (a batch is one), the demo bank's included, and the statements they carried. */
  d1: number;
  d1Statements: number;
  /** Calls to the bank's ports: requests to the bank's own systems in production. */
  bankCalls: number;
  /** Durable Object calls. */
  objects: number;
  /** Rate Limiting binding calls. */
  limiters: number;
}

const KINDS = ['d1', 'd1Statements', 'bankCalls', 'objects', 'limiters'] as const;

/**
 * Storage round trips per step, averaged over `flows` complete flows run one after another on
 * the counting Worker (round-trip-worker.ts), after `warmupFlows` that fill the isolate's
 * caches of reference data as a busy Worker's are.
 */
export async function measureRoundTrips(
  origin: string,
  flow: Flow,
  { flows, warmupFlows, firstIndex }: { flows: number; warmupFlows: number; firstIndex: number },
): Promise<Map<string, RoundTrips>> {
  const read = async (): Promise<RoundTrips> =>
    (await fetch(`${origin}/bench-only/round-trips`)).json() as Promise<RoundTrips>;
  const totals = new Map<string, RoundTrips>();
  let measuring = false;
  const step: StepTimer = async (name, action) => {
    const before = await read();
    const value = await action();
    const after = await read();
    if (measuring) {
      const total = totals.get(name) ?? zero();
      for (const kind of KINDS) total[kind] += after[kind] - before[kind];
      totals.set(name, total);
    }
    return value;
  };
  for (let index = 0; index < warmupFlows + flows; index++) {
    measuring = index >= warmupFlows;
    await flow(step, firstIndex + index);
  }
  for (const total of totals.values()) for (const kind of KINDS) total[kind] /= flows;
  return totals;
}

const zero = (): RoundTrips => ({ d1: 0, d1Statements: 0, bankCalls: 0, objects: 0, limiters: 0 });
