import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';
import { unstable_startWorker } from 'wrangler';
import { migrate, seed } from '../../demo/database.js';
import { withLocalD1 } from '../../demo/local-d1.js';
import type { Statement } from '../../demo/seed-statements.js';

process.env.WRANGLER_SEND_METRICS = 'false';
process.env.CLOUDFLARE_CF_FETCH_ENABLED = 'false';
process.env.WRANGLER_LOG = 'error';

export interface Bank {
  /** A request to the Worker, run by the real workerd runtime; `cf` replaces `request.cf`. */
  fetch(path: string, init?: RequestInit & { cf?: Record<string, unknown> }): Promise<Response>;
  stop(): Promise<void>;
  /** Stops the runtime and starts it again on the same stored state. */
  restart(): Promise<void>;
  origin: string;
}

/**
 * Starts the bank Worker on workerd with real Durable Objects and D1, in a state directory of
 * its own, migrated and loaded with the demo data (the same code as `npm run demo:reset`).
 */
export interface BankOptions {
  /** Overrides of the Worker's vars, e.g. a short TRANSACTION_IDLE_SECONDS. */
  vars?: Record<string, string>;
  /** Rows added after the demo data, e.g. a partner registered for plain requests. */
  extraRows?: Statement[];
  /** Another entry module for the Worker, e.g. test/workers/instrumented-worker.ts. */
  entrypoint?: string;
  /** The Worker sees https:// URLs, as behind Cloudflare's edge (wrangler's upstream protocol). */
  https?: boolean;
  /** Rate Limiting bindings of wrangler.jsonc with other limits, e.g. `{ START_LIMITER: 5 }`. */
  rateLimits?: Record<string, number>;
}

/**
 * The Worker secret that signs consent records (wrangler.jsonc `secrets`): a P-256 key generated
 * once per test process, as `npm start` generates one into .dev.vars.
 */
const consentSigningJwk = generateKeyPair('ES256', { extractable: true }).then(
  async ({ privateKey }) => JSON.stringify(await exportJWK(privateKey)),
);

export async function startBank({
  vars = {},
  extraRows = [],
  entrypoint,
  https = false,
  rateLimits = {},
}: BankOptions = {}): Promise<Bank> {
  const stateDir = await mkdtemp(join(tmpdir(), 'api-link-auth-test-'));
  await mkdir('dist/public', { recursive: true });
  await withLocalD1(stateDir, async (db) => {
    await migrate(db);
    await seed(db);
    for (const { sql, params } of extraRows) {
      await db
        .prepare(sql)
        .bind(...params)
        .run();
    }
  });

  const launch = async () => {
    const worker = await unstable_startWorker({
      config: 'wrangler.jsonc',
      entrypoint,
      bindings: {
        CONSENT_SIGNING_JWK: { type: 'secret_text', value: await consentSigningJwk },
        ...Object.fromEntries(
          Object.entries(vars).map(([name, value]) => [name, { type: 'plain_text', value }]),
        ),
        ...Object.fromEntries(
          Object.entries(rateLimits).map(([name, limit], index) => [
            name,
            {
              type: 'ratelimit',
              namespace_id: String(9000 + index),
              simple: { limit, period: 60 },
            },
          ]),
        ),
      },
      dev: {
        server: { hostname: '127.0.0.1', port: 0 },
        origin: https ? { secure: true } : undefined,
        inspector: false,
        persist: stateDir,
        logLevel: 'error',
        watch: false,
      },
    });
    await worker.ready;
    return worker;
  };
  let worker = await launch();
  const origin = (await worker.url).origin;

  return {
    origin,
    fetch: (path, init) =>
      worker.fetch(`http://127.0.0.1:8787${path}`, init as never) as unknown as Promise<Response>,
    async restart() {
      await worker.dispose();
      worker = await launch();
    },
    async stop() {
      await worker.dispose();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}
