/**
 * A Worker that does one storage operation per request and nothing else, so that what the local
 * runtime (workerd, Miniflare's D1 shim, SQLite with every commit fsynced) charges for each can be
 * read from /proc and told apart from our Worker's own work (runtime-prices.ts). Paths:
 * - `/noop`: answers at once (the runtime's price of a request);
 * - `/object-read`, `/object-write`: one Durable Object call that reads one row, or upserts one
 *   row the size of a transaction's (a 1.3 KB JSON text, as FlowTransactions.write stores);
 * - `/d1-read`: one D1 SELECT of one row; `/d1-batch`: one D1 batch of 3 upserts;
 * - `/limiter`: one Rate Limiting `limit()` call.
 * `?object=K` picks the object, so concurrent requests can each have one as the flows' shards do.
 */
import { DurableObject } from 'cloudflare:workers';

interface PriceEnv {
  PRICES: DurableObjectNamespace<Prices>;
  DB: D1Database;
  LIMITER: RateLimit;
}

/** A transaction's state as JSON is about this long (a flow state with its request and accounts). */
const ROW_TEXT = JSON.stringify({
  step: 'pins',
  request: {
    clientId: 'bench-partner',
    redirectUri: 'https://partner.example/callback',
    scope: 'accounts balances transactions',
    state: 'x'.repeat(43),
    codeChallenge: 'y'.repeat(43),
    dpopJkt: 'z'.repeat(43),
  },
  customer: 'bench-customer-000001',
  accounts: Array.from({ length: 6 }, (_, i) => ({
    id: `account-${i}`,
    branch: '001',
    type: 'ordinary',
    number: String(1_000_000 + i),
    holder: 'デモ タロウ',
    registered: i % 2 === 0,
  })),
  history: Array.from({ length: 6 }, (_, i) => ({ step: `step-${i}`, at: 1_767_000_000_000 + i })),
});

/** One SQLite-backed object with one table of rows like the transactions table. */
export class Prices extends DurableObject<PriceEnv> {
  constructor(ctx: DurableObjectState, env: PriceEnv) {
    super(ctx, env);
    ctx.storage.sql.exec(`CREATE TABLE IF NOT EXISTS rows (
      key TEXT PRIMARY KEY,
      body TEXT NOT NULL,
      version INTEGER NOT NULL
    )`);
  }

  read(key: string): number {
    return this.ctx.storage.sql
      .exec<{ version: number }>('SELECT version FROM rows WHERE key = ?', key)
      .toArray().length;
  }

  write(key: string, body: string): void {
    this.ctx.storage.sql.exec(
      `INSERT INTO rows (key, body, version) VALUES (?, ?, 1)
       ON CONFLICT (key) DO UPDATE SET body = excluded.body, version = version + 1`,
      key,
      body,
    );
  }
}

const D1_UPSERT = `INSERT INTO rows (key, body) VALUES (?, ?)
  ON CONFLICT (key) DO UPDATE SET body = excluded.body`;

export default {
  async fetch(request: Request, env: PriceEnv): Promise<Response> {
    const url = new URL(request.url);
    const object = () =>
      env.PRICES.get(env.PRICES.idFromName(url.searchParams.get('object') ?? ''));
    switch (url.pathname) {
      case '/noop':
        break;
      case '/object-read':
        await object().read('row');
        break;
      case '/object-write':
        await object().write('row', ROW_TEXT);
        break;
      case '/d1-read':
        await env.DB.prepare('SELECT body FROM rows WHERE key = ?').bind('row-0').first();
        break;
      case '/d1-batch':
        await env.DB.batch(
          [0, 1, 2].map((i) => env.DB.prepare(D1_UPSERT).bind(`row-${i}`, ROW_TEXT.slice(0, 200))),
        );
        break;
      case '/limiter':
        await env.LIMITER.limit({ key: url.searchParams.get('object') ?? '' });
        break;
      case '/setup':
        await env.DB.batch([
          env.DB.prepare(
            'CREATE TABLE IF NOT EXISTS rows (key TEXT PRIMARY KEY, body TEXT NOT NULL)',
          ),
          ...[0, 1, 2].map((i) =>
            env.DB.prepare(D1_UPSERT).bind(`row-${i}`, ROW_TEXT.slice(0, 200)),
          ),
        ]);
        break;
      default:
        return new Response('no such path', { status: 404 });
    }
    return new Response('ok');
  },
} satisfies ExportedHandler<PriceEnv>;
