// `npm run bench [-- --quick] [-- --growth=10000] [-- --out=FILE]`: what a flow costs the server
// and the customer, beside node-oidc-provider (in memory, and on Redis as a bank would run it),
// the Okta Sign-In Widget and Auth0 Lock. Prints one markdown table, ending with the CPU ratios;
// BENCHMARKS.md explains every figure. Only 127.0.0.1 is contacted.
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorker, startBankWorker, type BankWorker } from './bank-worker.js';
import { seedBank } from './bank-state.js';
import { hashBenchSecrets, insertBenchCustomers } from './bench-customers.js';
import { ensureBenchDependencies } from './bench-deps.js';
import { launchChromium } from './browser.js';
import { measureBundleSizes } from './bundle-sizes.js';
import { FLOOR_PATH, measureCustomerWait, type PageLoads } from './customer-wait.js';
import { measureGrowth } from './growth.js';
import { measureHashCost } from './hash-cost.js';
import { measureAccountList, type AccountListRuns } from './long-account-list.js';
import { measurePinStep } from './pin-step.js';
import { oidcFlow, oidcTokenWorks } from './oidc-flow.js';
import { startOidcProvider, type OidcProviderProcess } from './oidc-provider-process.js';
import { CONCURRENCIES, parseOptions, type Concurrency } from './options.js';
import { ourFlow, ourTokenWorks } from './our-flow.js';
import { ensureRedisServer, startRedis } from './redis-server.js';
import { report } from './report.js';
import { measureRequestCpu } from './request-cpu.js';
import { measureRoundTrips, OUR_KINDS } from './round-trips.js';
import { measureRuntimePrices } from './runtime-prices.js';
import { measureServerCost } from './server-cost.js';
import { indexAllocator, type ServerTarget } from './server-target.js';
import { loadAverage, versions } from './versions.js';
import { ensureWidgetBuilt } from './widget-build.js';

const options = parseOptions(process.argv.slice(2));
const started = performance.now();
const loadAtStart = loadAverage();
const LABELS = {
  hashed: 'ours, bank hashing in (PBKDF2 100k)',
  unhashed: 'ours, bank hashing out (1 iteration)',
  oidc: 'node-oidc-provider, in memory',
  oidcRedis: 'node-oidc-provider, Redis (AOF everysec)',
};
/** PAR, authorize, login, scopes, pins, pins/confirm, consent, token. */
const REQUESTS_PER_FLOW = 8;
/** Customers for the browser's account lists, far from the driven flows' numbers. */
const LONG_LIST = { customer: 1_000_000, accounts: 200 };
const SHORT_LIST = { customer: 1_000_001, accounts: 4 };
/** Complete flows on the Worker that counts storage round trips, after warm-up ones. */
const ROUND_TRIP_FLOWS = { warmup: 2, measured: 5 };
const GROWTH_IDLE_SECONDS = 10;
/** The PIN step of a customer with this many accounts, all registered in one submission. */
const PIN_STEP = { firstCustomer: 1_000_100, accounts: 200 };

ensureBenchDependencies();
ensureRedisServer();
ensureWidgetBuilt();
const work = mkdtempSync(join(tmpdir(), 'api-link-auth-bench-'));
const running = new Set<{ stop(): Promise<void> }>();
const stop = async (server: { stop(): Promise<void> }) => {
  if (running.delete(server)) await server.stop();
};

try {
  const bundleDir = join(work, 'bundle');
  await bundleWorker(bundleDir);
  const assetsDir = join(work, 'assets');
  cpSync('dist/public', assetsDir, { recursive: true });
  copyFileSync(
    fileURLToPath(new URL('./floor-page.html', import.meta.url)),
    join(assetsDir, FLOOR_PATH),
  );
  const startBank = async (
    name: string,
    { vars = {}, withAssets = false }: { vars?: Record<string, string>; withAssets?: boolean } = {},
  ) => {
    const bank = await startBankWorker({
      bundleDir,
      assetsDir: withAssets ? assetsDir : undefined,
      stateDir: join(work, name),
      vars,
    });
    running.add(bank);
    return bank;
  };
  const flowsNeeded = (perRound: Record<Concurrency, number>) =>
    options.warmupFlows + options.rounds * CONCURRENCIES.reduce((sum, c) => sum + perRound[c], 0);

  progress('starting two Workers on workerd, node-oidc-provider in memory and on Redis');
  const hashedBank = await startBank('hashed');
  await seedBank(hashedBank.db, { customers: flowsNeeded(options.flows.hashed) });
  const unhashedBank = await startBank('unhashed');
  await seedBank(unhashedBank.db, {
    iterations: 1,
    customers: flowsNeeded(options.flows.unhashed),
  });
  const oidc = await startOidcProvider();
  running.add(oidc);
  mkdirSync(join(work, 'redis'));
  const redis = await startRedis(join(work, 'redis'));
  running.add(redis);
  const oidcRedis = await startOidcProvider({ redisUrl: redis.url });
  running.add(oidcRedis);

  progress('bundle sizes');
  const bundles = await measureBundleSizes();

  progress('server cost per flow (rounds interleave the four servers)');
  const costs = await measureServerCost(
    [
      { target: ourTarget(LABELS.hashed, hashedBank), flowsPerRound: options.flows.hashed },
      { target: ourTarget(LABELS.unhashed, unhashedBank), flowsPerRound: options.flows.unhashed },
      { target: oidcTarget(LABELS.oidc, oidc, [oidc.pid]), flowsPerRound: options.flows.oidc },
      {
        target: oidcTarget(LABELS.oidcRedis, oidcRedis, [oidcRedis.pid, redis.pid]),
        flowsPerRound: options.flows.oidc,
      },
    ],
    options,
  );
  progress('hashing cost and the runtime floor');
  const hashMs = await measureHashCost({ rounds: options.rounds, hashes: options.hashesPerRound });
  const cpuOfRequests = (bank: BankWorker, origin: string, path: string, status: number) =>
    measureRequestCpu(
      { origin, pid: bank.pid },
      { path, status, rounds: options.rounds, requests: 200 },
    );
  const requestFloorMs = await cpuOfRequests(
    unhashedBank,
    unhashedBank.workerOrigin,
    '/bench-no-such-path',
    404,
  );
  const peerRoundTrips = await measureRoundTrips(
    oidcRedis.origin,
    oidcFlow(oidcRedis.origin),
    ['redis'],
    { flows: ROUND_TRIP_FLOWS.measured, warmupFlows: ROUND_TRIP_FLOWS.warmup, firstIndex: 0 },
  );
  await stop(oidcRedis);
  await stop(redis);
  await stop(oidc);
  await stop(hashedBank);
  await stop(unhashedBank);

  progress("the local runtime's price per storage call");
  const runtimePrices = await measureRuntimePrices({
    stateDir: join(work, 'prices'),
    rounds: options.rounds,
    requests: options.priceRequests,
  });

  progress('storage round trips per step, and the PIN step of 200 accounts');
  const countingDir = join(work, 'counting-bundle');
  await bundleWorker(
    countingDir,
    fileURLToPath(new URL('./round-trip-worker.ts', import.meta.url)),
  );
  const countingBank = await startBankWorker({
    bundleDir: countingDir,
    stateDir: join(work, 'counting'),
  });
  running.add(countingBank);
  await seedBank(countingBank.db, {
    iterations: 1,
    customers: ROUND_TRIP_FLOWS.warmup + ROUND_TRIP_FLOWS.measured,
  });
  const roundTrips = await measureRoundTrips(
    countingBank.workerOrigin,
    ourFlow(countingBank.workerOrigin),
    OUR_KINDS,
    {
      flows: ROUND_TRIP_FLOWS.measured,
      warmupFlows: ROUND_TRIP_FLOWS.warmup,
      firstIndex: 0,
    },
  );
  await stop(countingBank);
  const pinStepBank = await startBank('pin-step', {});
  await seedBank(pinStepBank.db, { iterations: 1 });
  const pinStep = await measurePinStep(pinStepBank, {
    ...PIN_STEP,
    runs: options.longListRuns,
    secrets: await hashBenchSecrets(1),
  });
  await stop(pinStepBank);

  progress('a Worker with the widget assets, for browsers');
  const browserBank = await startBank('browser', { withAssets: true });
  await seedBank(browserBank.db, { iterations: 1 });
  const unhashedSecrets = await hashBenchSecrets(1);
  for (const list of [LONG_LIST, SHORT_LIST]) {
    await insertBenchCustomers(browserBank.db, unhashedSecrets, {
      first: list.customer,
      count: 1,
      accounts: list.accounts,
    });
  }
  // The same 404 through Miniflare's entry worker and asset router: the local edge's share.
  const entryFloorMs = await cpuOfRequests(
    browserBank,
    browserBank.origin,
    '/bench-no-such-path',
    404,
  );

  progress("the customer's wait and the long account list, in Chromium");
  const browser = await launchChromium();
  const browserVersion = browser.version();
  let pageLoads: PageLoads;
  const accountLists: AccountListRuns[] = [];
  try {
    pageLoads = await measureCustomerWait(browser, browserBank, options.pageLoads);
    for (const list of [SHORT_LIST, LONG_LIST]) {
      accountLists.push(
        await measureAccountList(browser, browserBank.origin, {
          customerIndex: list.customer,
          accounts: list.accounts,
          runs: options.longListRuns,
        }),
      );
    }
  } finally {
    await browser.close();
  }
  await stop(browserBank);

  progress(
    `growth: ${options.growth.completed} complete and ${options.growth.abandoned} abandoned flows, then expiry`,
  );
  const growthBank = await startBank('growth', {
    vars: { TRANSACTION_IDLE_SECONDS: String(GROWTH_IDLE_SECONDS) },
  });
  await seedBank(growthBank.db, {
    iterations: 1,
    customers: options.growth.completed + options.growth.abandoned,
  });
  const growth = await measureGrowth(growthBank, join(work, 'growth'), {
    ...options.growth,
    idleSeconds: GROWTH_IDLE_SECONDS,
  });
  await stop(growthBank);

  const table = report({
    mode: options.quick ? '--quick' : 'full run',
    costs,
    labels: LABELS,
    roundTrips,
    peerRoundTrips,
    roundTripFlows: ROUND_TRIP_FLOWS.measured,
    pinStep,
    hashMs,
    hashesPerFlow: 2,
    requestFloorMs,
    entryFloorMs,
    runtimePrices,
    requestsPerFlow: REQUESTS_PER_FLOW,
    growth,
    pageLoads,
    bundles,
    accountLists,
    versions: versions(browserVersion),
    loadAverage: { start: loadAtStart, end: loadAverage() },
    seconds: (performance.now() - started) / 1000,
  });
  console.log(table);
  if (options.out) writeFileSync(options.out, table + '\n');
} finally {
  for (const server of [...running].reverse()) await stop(server).catch(() => {});
  rmSync(work, { recursive: true, force: true });
}

function ourTarget(label: string, bank: BankWorker): ServerTarget {
  return {
    label,
    origin: bank.workerOrigin,
    pids: [bank.pid],
    flow: ourFlow(bank.workerOrigin),
    tokenWorks: (token) => ourTokenWorks(bank.workerOrigin, token),
    nextIndex: indexAllocator(),
  };
}

function oidcTarget(label: string, oidc: OidcProviderProcess, pids: number[]): ServerTarget {
  return {
    label,
    origin: oidc.origin,
    pids,
    flow: oidcFlow(oidc.origin),
    tokenWorks: (token) => oidcTokenWorks(oidc.origin, token),
    nextIndex: indexAllocator(),
  };
}

function progress(message: string) {
  console.error(`[bench ${((performance.now() - started) / 1000).toFixed(0)} s] ${message}`);
}
