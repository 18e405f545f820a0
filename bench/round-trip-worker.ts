/**
 * The bank Worker as server/index.ts builds it, counting what each request asks of storage, for
 * the bench's round trips per step (round-trips.ts); never measured for CPU. Counted, per kind:
 * - `d1`: D1 round trips of ours: each statement run alone (`first`, `all`, `run`, `raw`) and
 *   each `batch`, however many statements it holds (`d1Statements` counts those);
 * - `bankD1`: the same for the demo bank's systems (server/bank/demo/), which in production are
 *   the bank's own, not D1;
 * - `objects`: Durable Object calls (every method called on a stub is one round trip);
 * - `limiters`: Rate Limiting binding calls.
 * `GET /bench-only/round-trips` answers the totals so far (one isolate runs locally).
 */
import { createApp } from '../server/app.js';
import { demoBankSystems } from '../server/bank/demo/index.js';

export { FlowTransactions } from '../server/storage/flow-transactions.js';
export { LockoutCounters } from '../server/storage/lockout-counters.js';
export { UsedJtis } from '../server/storage/used-jtis.js';

const counts = { d1: 0, d1Statements: 0, bankD1: 0, objects: 0, limiters: 0 };
type D1Kind = 'd1' | 'bankD1';

/** The statements the counting proxies stand for, so a batch gets the runtime's own. */
const realStatements = new WeakMap<object, D1PreparedStatement>();

function countingStatement(statement: D1PreparedStatement, kind: D1Kind): D1PreparedStatement {
  const proxy = new Proxy(statement, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property);
      if (typeof value !== 'function') return value;
      if (property === 'bind') {
        return (...values: unknown[]) =>
          countingStatement(Reflect.apply(value, target, values) as D1PreparedStatement, kind);
      }
      return (...args: unknown[]) => {
        counts[kind]++;
        if (kind === 'd1') counts.d1Statements++;
        return Reflect.apply(value, target, args) as unknown;
      };
    },
  });
  realStatements.set(proxy, statement);
  return proxy;
}

function countingD1(db: D1Database, kind: D1Kind): D1Database {
  return new Proxy(db, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property);
      if (typeof value !== 'function') return value;
      if (property === 'prepare') {
        return (sql: string) => countingStatement(target.prepare(sql), kind);
      }
      if (property === 'batch') {
        return (statements: D1PreparedStatement[]) => {
          counts[kind]++;
          if (kind === 'd1') counts.d1Statements += statements.length;
          return target.batch(statements.map((s) => realStatements.get(s) ?? s));
        };
      }
      return (...args: unknown[]) => {
        counts[kind]++;
        return Reflect.apply(value, target, args) as unknown;
      };
    },
  });
}

/** Every method called on a stub of `namespace` is one call to a Durable Object. */
function countingObjects<T extends object>(namespace: T): T {
  return new Proxy(namespace, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property);
      if (property !== 'get' || typeof value !== 'function') {
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return (...args: unknown[]) => {
        const stub = Reflect.apply(value, target, args) as object;
        return new Proxy(stub, {
          get(stubTarget, method) {
            const member: unknown = Reflect.get(stubTarget, method);
            if (typeof method === 'symbol' || method === 'then' || typeof member !== 'function') {
              return member;
            }
            // Reflect.apply: a stub's `.apply` would be a call to a remote method of that name.
            return (...callArgs: unknown[]) => {
              counts.objects++;
              return Reflect.apply(member, stubTarget, callArgs) as unknown;
            };
          },
        });
      };
    },
  });
}

function countingLimiter(limiter: RateLimit): RateLimit {
  return {
    limit: (options) => {
      counts.limiters++;
      return limiter.limit(options);
    },
  };
}

let realDb: D1Database | undefined;
const app = createApp({ bankSystems: () => demoBankSystems(countingD1(realDb!, 'bankD1')) });

export default {
  fetch(request, env, ctx) {
    if (new URL(request.url).pathname === '/bench-only/round-trips') return Response.json(counts);
    realDb = env.DB;
    return app.fetch(
      request,
      {
        ...env,
        DB: countingD1(env.DB, 'd1'),
        FLOW_TRANSACTIONS: countingObjects(env.FLOW_TRANSACTIONS),
        LOCKOUTS: countingObjects(env.LOCKOUTS),
        USED_JTIS: countingObjects(env.USED_JTIS),
        START_LIMITER: countingLimiter(env.START_LIMITER),
        PAR_LIMITER: countingLimiter(env.PAR_LIMITER),
      },
      ctx,
    );
  },
} satisfies ExportedHandler<Env>;
