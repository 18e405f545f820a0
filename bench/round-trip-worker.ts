/**
 * The bank Worker as server/index.ts builds it, counting what each request asks of storage, for
 * the bench's round trips per step (round-trips.ts); never measured for CPU. Counted, per kind:
 * - `d1`: D1 round trips, each statement run alone (`first`, `all`, `run`, `raw`) and each
 *   `batch` however many statements it holds (`d1Statements` counts those); the demo bank's
 *   systems (server/bank/demo/) read the same D1, and their reads share batches with ours;
 * - `bankCalls`: calls to the bank's ports (server/bank/ports.ts), each a request to the bank's
 *   own systems in production;
 * - `objects`: Durable Object calls (every method called on a stub is one round trip), and
 *   `objectReads` those of them to a method that only reads (READ_ONLY_METHODS);
 * - `limiters`: Rate Limiting binding calls.
 * `GET /bench-only/round-trips` answers the totals so far (one isolate runs locally).
 */
import { createApp } from '../server/app.js';
import { demoBankSystems } from '../server/bank/demo/index.js';
import type { BankSystems } from '../server/bank/ports.js';

export { FlowTransactions } from '../server/storage/flow-transactions.js';
export { LockoutCounters } from '../server/storage/lockout-counters.js';
export { UsedJtis } from '../server/storage/used-jtis.js';

const counts = { d1: 0, d1Statements: 0, bankCalls: 0, objects: 0, objectReads: 0, limiters: 0 };

/**
 * The objects' methods that write nothing (server/storage/flow-transactions.ts,
 * lockout-counters.ts): a read is priced apart from a write (runtime-prices.ts).
 */
const READ_ONLY_METHODS = new Set(['read', 'readSession', 'size']);

/** The statements the counting proxies stand for, so a batch gets the runtime's own. */
const realStatements = new WeakMap<object, D1PreparedStatement>();

function countingStatement(statement: D1PreparedStatement): D1PreparedStatement {
  const proxy = new Proxy(statement, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property);
      if (typeof value !== 'function') return value;
      if (property === 'bind') {
        return (...values: unknown[]) =>
          countingStatement(Reflect.apply(value, target, values) as D1PreparedStatement);
      }
      return (...args: unknown[]) => {
        counts.d1++;
        counts.d1Statements++;
        return Reflect.apply(value, target, args) as unknown;
      };
    },
  });
  realStatements.set(proxy, statement);
  return proxy;
}

function countingD1(db: D1Database): D1Database {
  return new Proxy(db, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property);
      if (typeof value !== 'function') return value;
      if (property === 'prepare') {
        return (sql: string) => countingStatement(target.prepare(sql));
      }
      if (property === 'batch') {
        return (statements: D1PreparedStatement[]) => {
          counts.d1++;
          counts.d1Statements += statements.length;
          return target.batch(statements.map((s) => realStatements.get(s) ?? s));
        };
      }
      return (...args: unknown[]) => {
        counts.d1++;
        return Reflect.apply(value, target, args) as unknown;
      };
    },
  });
}

/** Every method called on one of the bank's ports is one call to the bank's systems. */
function countingBank(bank: BankSystems): BankSystems {
  const port = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(portTarget, property) {
        const value: unknown = Reflect.get(portTarget, property);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          counts.bankCalls++;
          return Reflect.apply(value, portTarget, args) as unknown;
        };
      },
    });
  return Object.fromEntries(
    Object.entries(bank).map(([name, target]) => [name, port(target as object)]),
  ) as unknown as BankSystems;
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
              if (READ_ONLY_METHODS.has(method)) counts.objectReads++;
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

// The bank's systems get the request's counting D1, as in production they get the Worker's.
const app = createApp({ bankSystems: (env) => countingBank(demoBankSystems(env.DB)) });

export default {
  fetch(request, env, ctx) {
    if (new URL(request.url).pathname === '/bench-only/round-trips') return Response.json(counts);
    return app.fetch(
      request,
      {
        ...env,
        DB: countingD1(env.DB),
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
