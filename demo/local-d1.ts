import { Miniflare } from 'miniflare';
import type { Database } from './database.js';

/** wrangler.jsonc's D1 database_id: local state is kept per database ID. */
const DATABASE_ID = '00000000-0000-4000-8000-000000000000';

/**
 * Opens the local D1 database that `wrangler dev --persist-to <stateDir>` uses, through a bare
 * Miniflare with only that binding (no Worker, no Durable Objects), runs `use` and closes it.
 */
export async function withLocalD1<T>(
  stateDir: string,
  use: (db: Database) => Promise<T>,
): Promise<T> {
  const mf = new Miniflare({
    modules: true,
    script: 'export default { fetch: () => new Response(null, { status: 404 }) }',
    d1Databases: { DB: DATABASE_ID },
    d1Persist: `${stateDir}/v3/d1`,
  });
  try {
    return await use((await mf.getD1Database('DB')) as unknown as Database);
  } finally {
    await mf.dispose();
  }
}
