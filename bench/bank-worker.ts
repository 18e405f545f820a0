import { execFile } from 'node:child_process';
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { exportJWK, generateKeyPair } from 'jose';
import { Miniflare } from 'miniflare';
import { unstable_readConfig } from 'wrangler';
import type { Database } from '../demo/database.js';
import {
  allShardNames,
  LOCKOUT_SHARDS,
  TRANSACTION_SHARDS,
  type Shards,
} from '../server/storage/shards.js';
import { childPids } from './process-stats.js';

process.env.WRANGLER_SEND_METRICS = 'false';
process.env.CLOUDFLARE_CF_FETCH_ENABLED = 'false';

const CONFIG = 'wrangler.jsonc';
/**
 * The Rate Limiting bindings keep their names, but every limit is this high: the bench's one
 * partner pushes thousands of requests a minute from one address, which the real limits (600 PAR
 * a minute per partner) would refuse. Each request still calls the binding, as in production.
 */
const BENCH_RATE_LIMIT = 1_000_000_000;

/**
 * The Worker secret that signs consent records (wrangler.jsonc `secrets`): a P-256 key made once
 * per bench run, as `npm start` makes one into .dev.vars.
 */
const consentSigningJwk = generateKeyPair('ES256', { extractable: true }).then(
  async ({ privateKey }) => JSON.stringify(await exportJWK(privateKey)),
);

/** The bank's Worker run by workerd itself (no dev proxy in front), over HTTP on 127.0.0.1. */
export interface BankWorker {
  /** Miniflare's entry: the local emulation of Cloudflare's edge (asset router, then the Worker). */
  origin: string;
  /**
   * A socket straight to the Worker's fetch handler, as Cloudflare invokes it in production:
   * Miniflare's entry worker, its emulation of the edge, is not in the way. (With `assetsDir`,
   * Miniflare keeps its asset router in front even here, so the cost Workers run without.)
   */
  workerOrigin: string;
  /** The workerd process: its CPU time and memory are the server's. */
  pid: number;
  /** D1 from Node, for seeding and counting rows; not used by the driven flows. */
  db: Database;
  /** Records the Durable Objects hold, summed over every shard (asked through each object). */
  heldRecords(): Promise<HeldRecords>;
  stop(): Promise<void>;
}

export interface HeldRecords {
  /** Transactions and pushed requests, which share the FlowTransactions objects. */
  transactions: number;
  lockoutCounters: number;
}

/** The binding as Miniflare's proxy hands it to Node, and the one method the bench calls. */
interface SizedNamespace {
  idFromName(name: string): unknown;
  get(id: unknown): { size(): Promise<number> };
}

export interface BankWorkerOptions {
  bundleDir: string;
  /** Static assets (the widget) for browsers; left out where only the API is driven. */
  assetsDir?: string;
  /** D1 and Durable Object files go under here and outlive `stop()`, so a restart finds them. */
  stateDir: string;
  vars?: Record<string, string>;
  /** Opens the V8 inspector on this port (bench/cpu-compare.ts profiles the Worker through it). */
  inspectorPort?: number;
}

/**
 * Bundles the Worker exactly as `wrangler deploy` would upload it (offline, --dry-run); `entry`
 * bundles another entry module the same way (the bench's round-trip counter).
 */
export async function bundleWorker(outDir: string, entry?: string): Promise<string> {
  await promisify(execFile)(
    'node_modules/.bin/wrangler',
    ['deploy', ...(entry ? [entry] : []), '--dry-run', '--outdir', outDir, '--config', CONFIG],
    {
      env: { ...process.env, WRANGLER_LOG: 'error' },
    },
  );
  // wrangler names the bundle after its entry; the Worker is started from index.js.
  if (entry) renameSync(join(outDir, `${basename(entry, '.ts')}.js`), join(outDir, 'index.js'));
  return join(outDir, 'index.js');
}

export async function startBankWorker({
  bundleDir,
  assetsDir,
  stateDir,
  vars = {},
  inspectorPort,
}: BankWorkerOptions): Promise<BankWorker> {
  const config = unstable_readConfig({ config: CONFIG });
  const before = new Set(childPids(process.pid, 'workerd'));
  const mf = new Miniflare({
    host: '127.0.0.1',
    port: 0,
    name: config.name,
    modules: true,
    modulesRoot: bundleDir,
    scriptPath: join(bundleDir, 'index.js'),
    compatibilityDate: config.compatibility_date,
    compatibilityFlags: config.compatibility_flags,
    bindings: {
      ...(config.vars as Record<string, string>),
      CONSENT_SIGNING_JWK: await consentSigningJwk,
      ...vars,
    },
    d1Databases: Object.fromEntries(
      config.d1_databases.map((d1: { binding: string; database_id?: string }) => [
        d1.binding,
        d1.database_id!,
      ]),
    ),
    durableObjects: Object.fromEntries(
      config.durable_objects.bindings.map((binding: { name: string; class_name: string }) => [
        binding.name,
        { className: binding.class_name, useSQLite: true },
      ]),
    ),
    // The Worker's Rate Limiting bindings (START_LIMITER, PAR_LIMITER), each at BENCH_RATE_LIMIT.
    ratelimits: Object.fromEntries(
      (config.ratelimits ?? []).map(
        (limiter: { name: string; simple: { limit: number; period: 10 | 60 } }) => [
          limiter.name,
          { simple: { ...limiter.simple, limit: BENCH_RATE_LIMIT } },
        ],
      ),
    ),
    ...(assetsDir && {
      assets: {
        directory: assetsDir,
        binding: config.assets?.binding,
        routerConfig: { has_user_worker: true, invoke_user_worker_ahead_of_assets: false },
        assetConfig: { headers: { version: 2 as const, rules: headerRules(assetsDir) } },
      },
    }),
    d1Persist: join(stateDir, 'd1'),
    durableObjectsPersist: join(stateDir, 'do'),
    unsafeDirectSockets: [{ host: '127.0.0.1', port: 0 }],
    ...(inspectorPort !== undefined && { inspectorPort, inspectorHost: '127.0.0.1' }),
  });
  const url = await mf.ready;
  const workerUrl = await mf.unsafeGetDirectURL();
  const pid = childPids(process.pid, 'workerd').find((candidate) => !before.has(candidate));
  if (!pid) throw new Error('workerd process not found among this process’s children');
  return {
    origin: url.origin,
    workerOrigin: workerUrl.origin,
    pid,
    db: (await mf.getD1Database('DB')) as unknown as Database,
    async heldRecords() {
      const count = async (binding: string, shards: Shards) => {
        const namespace = (await mf.getDurableObjectNamespace(
          binding,
        )) as unknown as SizedNamespace;
        const sizes = await Promise.all(
          allShardNames(shards).map((name) => namespace.get(namespace.idFromName(name)).size()),
        );
        return sizes.reduce((sum, size) => sum + size, 0);
      };
      return {
        transactions: await count('FLOW_TRANSACTIONS', TRANSACTION_SHARDS),
        lockoutCounters: await count('LOCKOUTS', LOCKOUT_SHARDS),
      };
    },
    stop: () => mf.dispose(),
  };
}

/**
 * The asset headers the build wrote to `_headers` (e.g. CORS on the embed script, which a
 * partner page loads cross-origin), as wrangler hands them to the asset worker: a path line, then
 * indented `Name: value` lines.
 */
function headerRules(assetsDir: string): Record<string, { set: Record<string, string> }> {
  const file = join(assetsDir, '_headers');
  const rules: Record<string, { set: Record<string, string> }> = {};
  if (!existsSync(file)) return rules;
  let current: Record<string, string> | undefined;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    if (!/^\s/.test(line)) {
      current = {};
      rules[line.trim()] = { set: current };
      continue;
    }
    const colon = line.indexOf(':');
    if (current && colon > 0) current[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return rules;
}
