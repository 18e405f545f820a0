import { COMPLETED_TRANSACTION_MS } from '../server/oauth/lifetimes.js';
import type { BankWorker } from './bank-worker.js';
import { driveFlows } from './flow-driver.js';
import { abandonedFlow, ourFlow, ourTokenWorks } from './our-flow.js';
import { residentBytes } from './process-stats.js';
import { countWorkingTokens } from './server-target.js';
import { storageStats, type StorageStats } from './storage-stats.js';

const CHECKPOINTS = 5;

export interface Growth {
  completed: number;
  abandoned: number;
  tokensWorking: number;
  firstFailure?: string;
  seconds: number;
  rss: { before: number; afterFlows: number; afterExpiry: number };
  /** workerd's resident memory after each fifth of the complete flows. */
  rssCheckpoints: { flows: number; bytes: number }[];
  storage: { before: StorageStats; afterFlows: StorageStats; afterExpiry: StorageStats };
  /** Seconds from the last flow until the objects held no transaction any more (or the limit). */
  expirySeconds: number;
  expiredCleanly: boolean;
}

/**
 * Growth: `completed` complete flows and `abandoned` flows left after login,
 * at concurrency 16, on a bank whose transactions idle out after `idleSeconds`. Then waits for the
 * transactions' alarms (completed ones are kept COMPLETED_TRANSACTION_MS) and reads storage again.
 */
export async function measureGrowth(
  bank: BankWorker,
  stateDir: string,
  {
    completed,
    abandoned,
    idleSeconds,
  }: { completed: number; abandoned: number; idleSeconds: number },
): Promise<Growth> {
  const before = await storageStats(bank.db, stateDir, bank.heldRecords);
  const rssBefore = residentBytes(bank.pid);
  const started = performance.now();
  const done = {
    tokens: [] as string[],
    failures: 0,
    firstFailure: undefined as string | undefined,
  };
  const rssCheckpoints: Growth['rssCheckpoints'] = [];
  for (let part = 0, first = 0; part < CHECKPOINTS; part++) {
    const flows = Math.round((completed * (part + 1)) / CHECKPOINTS) - first;
    const run = await driveFlows({
      flows,
      concurrency: 16,
      flow: ourFlow(bank.workerOrigin),
      firstIndex: first,
    });
    done.tokens.push(...run.tokens);
    done.failures += run.failures;
    done.firstFailure ??= run.firstFailure;
    first += flows;
    rssCheckpoints.push({ flows: first, bytes: residentBytes(bank.pid) });
  }
  const left = await driveFlows({
    flows: abandoned,
    concurrency: 16,
    flow: abandonedFlow(bank.workerOrigin),
    firstIndex: completed,
  });
  const seconds = (performance.now() - started) / 1000;
  const lastFlowAt = performance.now();
  const rssAfterFlows = residentBytes(bank.pid);
  const afterFlows = await storageStats(bank.db, stateDir, bank.heldRecords);
  const tokensWorking = await countWorkingTokens(
    { tokenWorks: (token) => ourTokenWorks(bank.workerOrigin, token) },
    done.tokens,
  );

  const limitMs = Math.max(COMPLETED_TRANSACTION_MS, idleSeconds * 1000) + 60_000;
  let afterExpiry = afterFlows;
  let expiredCleanly = false;
  while (performance.now() - lastFlowAt < limitMs) {
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    afterExpiry = await storageStats(bank.db, stateDir, bank.heldRecords);
    expiredCleanly = afterExpiry.records.transactions <= before.records.transactions;
    if (expiredCleanly) break;
  }
  return {
    completed: done.tokens.length,
    abandoned: abandoned - left.failures,
    tokensWorking,
    firstFailure: done.firstFailure ?? left.firstFailure,
    seconds,
    rss: { before: rssBefore, afterFlows: rssAfterFlows, afterExpiry: residentBytes(bank.pid) },
    rssCheckpoints,
    storage: { before, afterFlows, afterExpiry },
    expirySeconds: (performance.now() - lastFlowAt) / 1000,
    expiredCleanly,
  };
}
