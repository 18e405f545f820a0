import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, seed } from '../demo/database.js';
import { bundleWorker, startBankWorker } from './bank-worker.js';
import { hashBenchSecrets, insertBenchCustomers, rehashPartnerSecrets } from './bench-customers.js';
import { driveFlows } from './flow-driver.js';
import { ourFlow, ourTokenWorks } from './our-flow.js';
import { cpuSeconds, residentBytes } from './process-stats.js';
import { median, quantile } from './stats.js';

const iterations = Number(process.argv[2] ?? 100000);
const n = Number(process.argv[3] ?? 40);
const tmp = mkdtempSync(join(tmpdir(), 'bench-'));
let t = performance.now();
await bundleWorker(join(tmp, 'bundle'));
console.log('bundle', performance.now() - t); t = performance.now();
const bank = await startBankWorker({ bundleDir: join(tmp, 'bundle'), assetsDir: 'dist/public', stateDir: join(tmp, 'state') });
console.log('start', performance.now() - t); t = performance.now();
await migrate(bank.db); await seed(bank.db);
if (iterations !== 100000) await rehashPartnerSecrets(bank.db, iterations);
await insertBenchCustomers(bank.db, await hashBenchSecrets(iterations), { first: 0, count: 3 * n });
console.log('seed', performance.now() - t);
for (const [c, first] of [[1, 0], [16, n]] as const) {
  const cpu0 = cpuSeconds(bank.pid);
  const r = await driveFlows({ flows: n, concurrency: c, flow: ourFlow(bank.origin), firstIndex: first });
  const cpu = cpuSeconds(bank.pid) - cpu0;
  console.log({ c, fails: r.failures, first: r.firstFailure, fps: n / r.wallSeconds, cpuPerFlowMs: (cpu / n) * 1000, p50: median(r.flowMs), p99: quantile(r.flowMs, 0.99), rss: residentBytes(bank.pid) / 1e6 });
  for (const [k, v] of r.stepMs) console.log('  ', k, median(v).toFixed(1), quantile(v, 0.99).toFixed(1));
  let ok = 0; for (const tok of r.tokens) { if (await ourTokenWorks(bank.origin, tok)) ok++; else { const x = await fetch(bank.origin + "/api/v1/accounts", { headers: { Authorization: "Bearer " + tok } }); console.log("BAD", x.status, await x.text()); } }
  console.log('tokens ok', ok, r.tokens.length, r.flowMs.length, r.failures);
}
await bank.stop();
