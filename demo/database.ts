import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { seedStatements } from './seed-statements.js';

/** The slice of D1's API used here, so this file type-checks outside the Workers types. */
export interface Database {
  exec(sql: string): Promise<unknown>;
  prepare(sql: string): PreparedStatement;
  batch(statements: PreparedStatement[]): Promise<unknown>;
}

export interface PreparedStatement {
  bind(...values: unknown[]): PreparedStatement;
  all<T>(): Promise<{ results: T[] }>;
  run(): Promise<unknown>;
}

const MIGRATIONS_DIR = fileURLToPath(new URL('../server/storage/migrations/', import.meta.url));

/**
 * Applies the numbered migrations in order and records them in `d1_migrations`, the table
 * `wrangler d1 migrations apply` keeps, so wrangler and this script agree on what is applied.
 */
export async function migrate(db: Database): Promise<void> {
  await db.exec(
    'CREATE TABLE IF NOT EXISTS d1_migrations (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE, applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL)',
  );
  const { results } = await db.prepare('SELECT name FROM d1_migrations').all<{ name: string }>();
  const applied = new Set(results.map((row) => row.name));
  for (const name of (await readdir(MIGRATIONS_DIR))
    .filter((file) => file.endsWith('.sql'))
    .sort()) {
    if (applied.has(name)) continue;
    const sql = await readFile(MIGRATIONS_DIR + name, 'utf8');
    await db.batch([
      ...splitStatements(sql).map((statement) => db.prepare(statement)),
      db.prepare('INSERT INTO d1_migrations (name) VALUES (?)').bind(name),
    ]);
  }
}

/** Loads the demo credit union's data into a freshly migrated database. */
export async function seed(db: Database): Promise<void> {
  const statements = await seedStatements();
  await db.batch(statements.map(({ sql, params }) => db.prepare(sql).bind(...params)));
}

/** Splits a migration file into statements: comments dropped, split at semicolons ending a line. */
function splitStatements(sql: string): string[] {
  return sql
    .split('\n')
    .map((line) => line.replace(/--.*$/, ''))
    .join('\n')
    .split(/;\s*$/m)
    .map((statement) => statement.trim())
    .filter(Boolean);
}
