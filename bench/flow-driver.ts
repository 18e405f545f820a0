/**
 * Runs complete flows over HTTP at a fixed concurrency and times each step and each flow. The
 * same driver runs our flow and node-oidc-provider's; a flow is a function of a step timer.
 */
export type StepTimer = <T>(name: string, action: () => Promise<T>) => Promise<T>;

/** One complete flow; resolves to the access token it obtained, so the bench can prove it works. */
export type Flow = (step: StepTimer, index: number) => Promise<string>;

export interface DriveResult {
  flows: number;
  concurrency: number;
  wallSeconds: number;
  /** Milliseconds per completed flow, and per step by name, in the order steps first ran. */
  flowMs: number[];
  stepMs: Map<string, number[]>;
  /** CPU seconds of the server per step, summed over all flows; only at concurrency 1. */
  stepCpuSeconds: Map<string, number>;
  tokens: string[];
  failures: number;
  firstFailure?: string;
}

export async function driveFlows({
  flows,
  concurrency,
  flow,
  firstIndex = 0,
  serverCpuSeconds,
}: {
  flows: number;
  concurrency: number;
  flow: Flow;
  firstIndex?: number;
  /** The server's CPU clock; with concurrency 1 each step's share is recorded. */
  serverCpuSeconds?: () => number;
}): Promise<DriveResult> {
  const result: DriveResult = {
    flows,
    concurrency,
    wallSeconds: 0,
    flowMs: [],
    stepMs: new Map(),
    stepCpuSeconds: new Map(),
    tokens: [],
    failures: 0,
  };
  const cpuClock = concurrency === 1 ? serverCpuSeconds : undefined;
  const step: StepTimer = async (name, action) => {
    const cpuBefore = cpuClock?.() ?? 0;
    const started = performance.now();
    const value = await action().catch((error: unknown) => {
      throw new Error(`${name}: ${(error as Error).message}${causeOf(error)}`);
    });
    const samples = result.stepMs.get(name) ?? [];
    samples.push(performance.now() - started);
    result.stepMs.set(name, samples);
    if (cpuClock)
      result.stepCpuSeconds.set(
        name,
        (result.stepCpuSeconds.get(name) ?? 0) + cpuClock() - cpuBefore,
      );
    return value;
  };
  let next = 0;
  const lane = async () => {
    while (next < flows) {
      const index = firstIndex + next++;
      const started = performance.now();
      try {
        result.tokens.push(await flow(step, index));
        result.flowMs.push(performance.now() - started);
      } catch (error) {
        result.failures++;
        result.firstFailure ??= String((error as Error).message ?? error);
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, lane));
  result.wallSeconds = (performance.now() - started) / 1000;
  return result;
}

const causeOf = (error: unknown) => {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause ? ` (${cause.code ?? cause.message})` : '';
};
