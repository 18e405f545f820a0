import { Miniflare } from 'miniflare';
import type { Database, PreparedStatement } from './database.js';

/** wrangler.jsonc's D1 database_id: local state is kept per database ID. */
const DATABASE_ID = '00000000-0000-4000-8000-000000000000';

/** What the Node side asks of the database, one request each. */
type Call =
  | { op: 'exec'; sql: string }
  | { op: 'all' | 'run' | 'batch'; statements: { sql: string; params: unknown[] }[] };

/**
 * Runs each call inside workerd against the D1 binding and answers its result as JSON. Through
 * this Worker the Node side only ever makes asynchronous requests: Miniflare's binding proxy
 * (`getD1Database`) makes `prepare` and `bind` synchronous calls through a worker thread, whose
 * handshake loses a reply when that thread is preempted at the wrong moment (workers-sdk PR 15552,
 * fixed only in versions that need Node 22), which failed a demo start under load.
 */
const D1_WORKER = `export default {
  async fetch(request, env) {
    const call = await request.json();
    try {
      if (call.op === 'exec') return Response.json(await env.DB.exec(call.sql));
      const statements = call.statements.map(({ sql, params }) => env.DB.prepare(sql).bind(...params));
      if (call.op === 'batch') return Response.json(await env.DB.batch(statements));
      return Response.json(await statements[0][call.op]());
    } catch (error) {
      return Response.json({ error: String(error) }, { status: 500 });
    }
  },
};`;

/**
 * Opens the local D1 database that `wrangler dev --persist-to <stateDir>` uses, through a bare
 * Miniflare with only that binding (no Durable Objects), runs `use` and closes it.
 */
export async function withLocalD1<T>(
  stateDir: string,
  use: (db: Database) => Promise<T>,
): Promise<T> {
  const mf = new Miniflare({
    modules: true,
    script: D1_WORKER,
    d1Databases: { DB: DATABASE_ID },
    d1Persist: `${stateDir}/v3/d1`,
  });
  const send = async <R>(call: Call): Promise<R> => {
    const response = await mf.dispatchFetch('http://local-d1/', {
      method: 'POST',
      body: JSON.stringify(call),
    });
    const body = (await response.json()) as R & { error?: string };
    if (!response.ok) throw new Error(`local D1: ${body.error ?? response.status}`);
    return body;
  };
  try {
    return await use(database(send));
  } finally {
    await mf.dispose();
  }
}

type Send = <R>(call: Call) => Promise<R>;

function database(send: Send): Database {
  return {
    exec: (sql) => send({ op: 'exec', sql }),
    prepare: (sql) => new HeldStatement(send, sql, []),
    batch: (statements) =>
      send({
        op: 'batch',
        statements: statements.map((prepared) => {
          if (!(prepared instanceof HeldStatement))
            throw new Error('local D1: a foreign statement');
          return { sql: prepared.sql, params: prepared.params };
        }),
      }),
  };
}

/** A statement held in Node until it runs: its SQL and bound values. */
class HeldStatement implements PreparedStatement {
  constructor(
    private readonly send: Send,
    readonly sql: string,
    readonly params: unknown[],
  ) {}

  bind(...values: unknown[]): PreparedStatement {
    return new HeldStatement(this.send, this.sql, values);
  }

  all<R>(): Promise<{ results: R[] }> {
    return this.send({ op: 'all', statements: [{ sql: this.sql, params: this.params }] });
  }

  run(): Promise<unknown> {
    return this.send({ op: 'run', statements: [{ sql: this.sql, params: this.params }] });
  }
}
