import type { PinStepRuns } from './pin-step.js';
import type { RedisRoundTrips, RoundTrips } from './round-trips.js';
import { fixed, header, row, spread } from './markdown.js';

const n = fixed;

/** Storage round trips per step of our flow, and their total per flow. */
export function roundTripsSection(perStep: Map<string, RoundTrips>, flows: number): string[] {
  const lines = [
    `### Storage round trips per step (ours; counted by bench/round-trip-worker.ts, mean of ${flows} flows)`,
    '',
    ...header(
      'step',
      "D1 round trips (statements), the demo bank's included",
      "calls to the bank's ports",
      'Durable Object calls (of them reads)',
      'rate limiter calls',
    ),
  ];
  const total: RoundTrips = {
    d1: 0,
    d1Statements: 0,
    bankCalls: 0,
    objects: 0,
    objectReads: 0,
    limiters: 0,
  };
  const cells = (trips: RoundTrips) => [
    `${n(trips.d1)} (${n(trips.d1Statements)})`,
    n(trips.bankCalls),
    `${n(trips.objects)} (${n(trips.objectReads)})`,
    n(trips.limiters),
  ];
  for (const [step, trips] of perStep) {
    lines.push(row(step, ...cells(trips)));
    for (const kind of Object.keys(total) as (keyof RoundTrips)[]) total[kind] += trips[kind];
  }
  lines.push(row('**per flow**', ...cells(total)));
  return lines;
}

/** The durable peer's requests to Redis per step (a MULTI … EXEC is one). */
export function peerRoundTripsSection(
  label: string,
  perStep: Map<string, RedisRoundTrips>,
  flows: number,
): string[] {
  let total = 0;
  const lines = [
    `### Storage round trips per step (${label}; counted by its adapter, mean of ${flows} flows)`,
    '',
    ...header('step', 'Redis round trips'),
  ];
  for (const [step, trips] of perStep) {
    lines.push(row(step, n(trips.redis)));
    total += trips.redis;
  }
  lines.push(row('**per flow**', n(total)));
  return lines;
}

/** The PIN step of one customer registering every one of many accounts in one submission. */
export function pinStepSection(runs: PinStepRuns): string[] {
  return [
    `### The PIN step of ${runs.accounts} accounts (hashing out; ${runs.ms.length} runs; median [min–max])`,
    '',
    ...header('figure', 'value'),
    row('/flow/pins answered, ms', spread(runs.ms)),
    row('workerd CPU, ms', spread(runs.cpuMs)),
  ];
}
