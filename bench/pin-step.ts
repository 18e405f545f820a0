import type { BankWorker } from './bank-worker.js';
import { benchCustomer, insertBenchCustomers, type SecretHashes } from './bench-customers.js';
import { DEMO_INQUIRY_PIN } from '../demo/bank-data.js';
import { logIn, QUICK } from './our-flow.js';
import { cpuSeconds } from './process-stats.js';

export interface PinStepRuns {
  accounts: number;
  /** Per run: the /flow/pins request's time from sending to its answer, and workerd's CPU. */
  ms: number[];
  cpuMs: number[];
}

/**
 * The PIN step of a customer with many accounts, as the widget sends it when 「全て」 is checked:
 * every account's PIN in one submission. Each run is a customer of its own (`bench-<n>`, all
 * accounts unregistered) on demo-quick, whose PIN step follows the login; only /flow/pins is timed.
 */
export async function measurePinStep(
  bank: Pick<BankWorker, 'workerOrigin' | 'pid' | 'db'>,
  {
    firstCustomer,
    accounts,
    runs,
    secrets,
  }: { firstCustomer: number; accounts: number; runs: number; secrets: SecretHashes },
): Promise<PinStepRuns> {
  await insertBenchCustomers(bank.db, secrets, { first: firstCustomer, count: runs, accounts });
  const result: PinStepRuns = { accounts, ms: [], cpuMs: [] };
  const untimed = <T>(_name: string, action: () => Promise<T>) => action();
  for (let run = 0; run < runs; run++) {
    const index = firstCustomer + run;
    const { send } = await logIn(bank.workerOrigin, QUICK, untimed, index);
    const pins = benchCustomer(index, accounts).accountIds.map((accountId) => ({
      accountId,
      pin: DEMO_INQUIRY_PIN,
    }));
    const cpuBefore = cpuSeconds(bank.pid);
    const started = performance.now();
    await send('pins', { pins }, 'pin-result');
    result.ms.push(performance.now() - started);
    result.cpuMs.push((cpuSeconds(bank.pid) - cpuBefore) * 1000);
  }
  return result;
}
