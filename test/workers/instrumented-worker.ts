/**
 * The bank Worker as server/index.ts builds it, instrumented for tests that must see inside:
 * - a request carrying `X-Inject-Fault: after-d1-batch` sees a D1 database whose batches run for
 *   real and then throw, as when the runtime loses D1's answer after D1 has committed;
 * - one carrying `X-Inject-Fault: slow-token-issuance` sees a D1 whose batch that saves tokens
 *   starts a second late, as on a slow or busy database: for a refresh, that holds open the
 *   window between reading the refresh token and issuing its token; a code exchange redeems the
 *   code in that same batch, so the whole exchange waits; `GET /test-only/waiting-token-batches`
 *   answers how many such batches are waiting now;
 * - every secret check the bank's systems make (password, answer, PIN) is counted, and
 *   `GET /test-only/secret-checks` answers the counts (one isolate runs locally);
 * - `POST /test-only/query` runs a read-only statement on D1, to see what was committed;
 * - `POST /test-only/expire` puts an authorization code (by its hash) or a pushed request (by its
 *   request_uri) a moment past its end, so a test sees the end enforced without waiting it out.
 * Everything else is the real runtime, the real Durable Objects and the real D1.
 */
import { createApp } from '../../server/app.js';
import { demoBankSystems } from '../../server/bank/demo/index.js';
import type { BankSystems } from '../../server/bank/ports.js';

import { FlowTransactions as RealFlowTransactions } from '../../server/storage/flow-transactions.js';
import { flowObject } from '../../server/storage/transactions.js';
export { LockoutCounters } from '../../server/storage/lockout-counters.js';
export { UsedJtis } from '../../server/storage/used-jtis.js';

/** The real class, with one method more for `POST /test-only/expire`. */
export class FlowTransactions extends RealFlowTransactions {
  expirePushedRequest(requestUri: string): number {
    return this.ctx.storage.sql.exec(
      'UPDATE pushed_requests SET expires_at = ? WHERE request_uri = ?',
      Date.now() - 1,
      requestUri,
    ).rowsWritten;
  }
}

const secretChecks = { password: 0, answer: 0, pin: 0 };

function counting(bank: BankSystems): BankSystems {
  const { customers, questions, accounts } = bank;
  return {
    ...bank,
    customers: {
      ...customers,
      loginIdOf: (id) => customers.loginIdOf(id),
      findByCertificate: (fingerprint) => customers.findByCertificate(fingerprint),
      verifyPassword: (loginId, password) => {
        secretChecks.password++;
        return customers.verifyPassword(loginId, password);
      },
      verifyPasswordOf: (customerId, password) => {
        secretChecks.password++;
        return customers.verifyPasswordOf(customerId, password);
      },
    },
    questions: {
      questionFor: (id) => questions.questionFor(id),
      question: (id) => questions.question(id),
      verifyAnswer: (customerId, questionId, answer) => {
        secretChecks.answer++;
        return questions.verifyAnswer(customerId, questionId, answer);
      },
    },
    accounts: {
      accountsOf: (id) => accounts.accountsOf(id),
      verifyInquiryPins: (customerId, entries) => {
        secretChecks.pin += entries.length;
        return accounts.verifyInquiryPins(customerId, entries);
      },
    },
  };
}

const app = createApp({ bankSystems: (env) => counting(demoBankSystems(env.DB)) });

function failingAfterBatch(db: D1Database): D1Database {
  // Only batches that write: reads started together are batched too (server/storage/d1-reads.ts).
  const writes = new WeakSet<D1PreparedStatement>();
  return new Proxy(db, {
    get(target, property) {
      if (property === 'prepare') {
        return (sql: string) => {
          const statement = target.prepare(sql);
          if (!/^\s*SELECT\b/i.test(sql)) writes.add(statement);
          return trackBound(statement, writes);
        };
      }
      if (property === 'batch') {
        return async (statements: D1PreparedStatement[]) => {
          const answers = await target.batch(statements);
          if (!statements.some((statement) => writes.has(statement))) return answers;
          throw new Error('injected fault: the batch committed, its answer was lost');
        };
      }
      const value: unknown = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** A write's bound copies are writes too. */
function trackBound(
  statement: D1PreparedStatement,
  writes: WeakSet<D1PreparedStatement>,
): D1PreparedStatement {
  if (!writes.has(statement)) return statement;
  const bind = statement.bind.bind(statement);
  statement.bind = (...values: unknown[]) => {
    const bound = bind(...values);
    writes.add(bound);
    return bound;
  };
  return statement;
}

const TOKEN_ISSUANCE_DELAY_MS = 1000;
let waitingTokenBatches = 0;

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
          if (savingTokens) {
            waitingTokenBatches++;
            await scheduler.wait(TOKEN_ISSUANCE_DELAY_MS);
            waitingTokenBatches--;
          }
          return target.batch(statements);
        };
      }
      const value: unknown = Reflect.get(target, property);
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

/** Answers how many records it moved past their end: 0 when it found none. */
async function expire(request: Request, env: Env): Promise<Response> {
  const { codeHash, requestUri } = await request.json<{ codeHash?: string; requestUri?: string }>();
  if (codeHash !== undefined) {
    const { meta } = await env.DB.prepare(
      'UPDATE authorization_codes SET expires_at = ? WHERE code_hash = ?',
    )
      .bind(Date.now() - 1, codeHash)
      .run();
    return Response.json(meta.changes);
  }
  if (requestUri !== undefined) {
    const shard = flowObject(env, requestUri) as unknown as FlowTransactions;
    return Response.json(await shard.expirePushedRequest(requestUri));
  }
  return new Response('codeHash or requestUri', { status: 400 });
}

export default {
  fetch(request, env, ctx) {
    const { pathname } = new URL(request.url);
    if (pathname === '/test-only/query') return query(request, env);
    if (pathname === '/test-only/expire') return expire(request, env);
    if (pathname === '/test-only/secret-checks') return Response.json(secretChecks);
    if (pathname === '/test-only/waiting-token-batches') return Response.json(waitingTokenBatches);
    const fault = faults.get(request.headers.get('X-Inject-Fault'));
    return app.fetch(request, fault ? { ...env, DB: fault(env.DB) } : env, ctx);
  },
} satisfies ExportedHandler<Env>;
