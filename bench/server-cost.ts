import { CONCURRENCIES, type Concurrency } from './options.js';
import { driveFlows } from './flow-driver.js';
import { cpuSeconds, cpuSecondsOf } from './process-stats.js';
import { countWorkingTokens, type ServerTarget } from './server-target.js';

/** What one server did at one concurrency, over every round. */
export interface ServerCost {
  label: string;
  concurrency: Concurrency;
  /** Per round: server CPU milliseconds per completed flow, and completed flows per second. */
  cpuMsPerFlow: number[];
  /** The same split by process, in the order of the target's `pids` (node, then redis-server). */
  processCpuMsPerFlow: number[][];
  flowsPerSecond: number[];
  /** Pooled over the rounds. */
  flowMs: number[];
  stepMs: Map<string, number[]>;
  /** Server CPU milliseconds per flow spent in each step (concurrency 1 only). */
  stepCpuMs: Map<string, number>;
  driven: number;
  completed: number;
  tokensWorking: number;
  firstFailure?: string;
}

export interface CostPlan {
  target: ServerTarget;
  flowsPerRound: Record<Concurrency, number>;
}

/**
 * Server cost per complete flow. Rounds interleave the servers so the machine's noise falls on
 * all of them alike; each server gets unmeasured warm-up flows first (bench/options.ts: enough
 * for ours to have created its storage objects). CPU is that of the server's processes
 * (/proc/<pid>/stat) between the first request of a run and the last response. Tokens are checked against each server's API after all runs, outside
 * the measured windows.
 */
export async function measureServerCost(
  plans: CostPlan[],
  { rounds, warmupFlows }: { rounds: number; warmupFlows: number },
): Promise<ServerCost[]> {
  const results = new Map<string, ServerCost>();
  const tokens = new Map<string, string[]>();
  for (const { target } of plans) {
    await driveFlows({
      flows: warmupFlows,
      concurrency: 16,
      flow: target.flow,
      firstIndex: target.nextIndex(warmupFlows),
    });
  }
  for (let round = 0; round < rounds; round++) {
    for (const concurrency of CONCURRENCIES) {
      for (const { target, flowsPerRound } of plans) {
        const key = `${target.label}@${concurrency}`;
        const cost = results.get(key) ?? emptyCost(target.label, concurrency);
        results.set(key, cost);
        const flows = flowsPerRound[concurrency];
        const cpuBefore = target.pids.map((pid) => cpuSeconds(pid));
        const run = await driveFlows({
          flows,
          concurrency,
          flow: target.flow,
          firstIndex: target.nextIndex(flows),
          serverCpuSeconds: () => cpuSecondsOf(target.pids),
        });
        const processCpu = target.pids.map((pid, i) => cpuSeconds(pid) - cpuBefore[i]);
        const cpu = processCpu.reduce((sum, seconds) => sum + seconds, 0);
        const completed = run.tokens.length;
        cost.driven += flows;
        cost.completed += completed;
        cost.firstFailure ??= run.firstFailure;
        cost.cpuMsPerFlow.push((cpu * 1000) / Math.max(1, completed));
        processCpu.forEach((seconds, i) =>
          (cost.processCpuMsPerFlow[i] ??= []).push((seconds * 1000) / Math.max(1, completed)),
        );
        cost.flowsPerSecond.push(completed / run.wallSeconds);
        cost.flowMs.push(...run.flowMs);
        for (const [step, samples] of run.stepMs)
          cost.stepMs.set(step, [...(cost.stepMs.get(step) ?? []), ...samples]);
        for (const [step, seconds] of run.stepCpuSeconds) {
          cost.stepCpuMs.set(step, (cost.stepCpuMs.get(step) ?? 0) + seconds * 1000);
        }
        tokens.set(key, [...(tokens.get(key) ?? []), ...run.tokens]);
      }
    }
  }
  for (const { target } of plans) {
    for (const concurrency of CONCURRENCIES) {
      const key = `${target.label}@${concurrency}`;
      const cost = results.get(key)!;
      cost.tokensWorking = await countWorkingTokens(target, tokens.get(key)!);
      for (const [step, total] of cost.stepCpuMs)
        cost.stepCpuMs.set(step, total / Math.max(1, cost.completed));
    }
  }
  return [...results.values()];
}

function emptyCost(label: string, concurrency: Concurrency): ServerCost {
  return {
    label,
    concurrency,
    cpuMsPerFlow: [],
    processCpuMsPerFlow: [],
    flowsPerSecond: [],
    flowMs: [],
    stepMs: new Map(),
    stepCpuMs: new Map(),
    driven: 0,
    completed: 0,
    tokensWorking: 0,
  };
}
