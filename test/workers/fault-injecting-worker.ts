/**
 * The bank Worker as server/index.ts builds it, with one difference for tests: a request carrying
 * `X-Inject-Fault: after-d1-batch` sees a D1 database whose batches run for real and then throw,
 * as when the runtime loses D1's answer after D1 has committed; one carrying
 * `X-Inject-Fault: slow-token-issuance` sees a D1 whose batch that saves tokens starts a second
 * late, as on a slow or busy database, which holds open the window between redeeming a code or
 * refresh token and issuing its tokens. Everything else is the real runtime, the real Durable
 * Objects and the real D1. `POST /test-only/query` runs a read-only statement on that D1, so a
 * test can see what was committed.
 */
import { createApp } from '../../server/app.js';
import { demoBankSystems } from '../../server/bank/demo/index.js';

export { FlowTransactions } from '../../server/storage/flow-transactions.js';
export { LockoutCounters } from '../../server/storage/lockout-counters.js';

const app = createApp({ bankSystems: (env) => demoBankSystems(env.DB) });

function failingAfterBatch(db: D1Database): D1Database {
  return new Proxy(db, {
    get(target, property) {
      if (property === 'batch') {
        return async (statements: D1PreparedStatement[]) => {
          await target.batch(statements);
          throw new Error('injected fault: the batch committed, its answer was lost');
        };
      }
      const value = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

const TOKEN_ISSUANCE_DELAY_MS = 1000;

function slowTokenIssuance(db: D1Database): D1Database {
  let savingTokens = false;
  return new Proxy(db, {
    get(target, property) {
      if (property === 'prepare') {
        return (sql: string) => {
          if (/^\s*INSERT INTO tokens\b/.test(sql)) savingTokens = true;
          return target.prepare(sql);
        };
      }
      if (property === 'batch') {
        return async (statements: D1PreparedStatement[]) => {
          if (savingTokens) await scheduler.wait(TOKEN_ISSUANCE_DELAY_MS);
          return target.batch(statements);
        };
      }
      const value = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

const faults = new Map<string | null, (db: D1Database) => D1Database>([
  ['after-d1-batch', failingAfterBatch],
  ['slow-token-issuance', slowTokenIssuance],
]);

async function query(request: Request, env: Env): Promise<Response> {
  const { sql, params = [] } = await request.json<{ sql: string; params?: unknown[] }>();
  if (!/^\s*SELECT\b/i.test(sql)) return new Response('SELECT only', { status: 400 });
  const { results } = await env.DB.prepare(sql)
    .bind(...params)
    .all();
  return Response.json(results);
}

export default {
  fetch(request, env, ctx) {
    if (new URL(request.url).pathname === '/test-only/query') return query(request, env);
    const fault = faults.get(request.headers.get('X-Inject-Fault'));
    return app.fetch(request, fault ? { ...env, DB: fault(env.DB) } : env, ctx);
  },
} satisfies ExportedHandler<Env>;
