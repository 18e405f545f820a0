import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from '../demo/database.js';
import type { HeldRecords } from './bank-worker.js';

export const GROWTH_TABLES = [
  'grants',
  'grant_accounts',
  'pin_registrations',
  'authorization_codes',
  'tokens',
];

export interface ObjectStats {
  /** Objects with a file on disk, whether or not they hold anything. */
  files: number;
  /** Their files and write-ahead logs. */
  bytes: number;
}

export interface StorageStats {
  /** D1's own report of the database size (`meta.size_after`). */
  d1Bytes: number;
  rows: Record<string, number>;
  /** Per Durable Object class, from the local state directory. */
  objects: Record<string, ObjectStats>;
  /** What the objects hold, by their own count: the proof that expiry deletes. */
  records: HeldRecords;
  /** Every file under the state directory: what the local runtime keeps on disk. */
  diskBytes: number;
}

export async function storageStats(
  db: Database,
  stateDir: string,
  heldRecords: () => Promise<HeldRecords>,
): Promise<StorageStats> {
  const meta = (
    await (
      db.prepare('SELECT 1') as unknown as { run(): Promise<{ meta: { size_after: number } }> }
    ).run()
  ).meta;
  const rows: Record<string, number> = {};
  for (const table of GROWTH_TABLES) {
    rows[table] = (
      await db.prepare(`SELECT count(*) AS n FROM ${table}`).all<{ n: number }>()
    ).results[0].n;
  }
  const objects: Record<string, ObjectStats> = {};
  const doDir = join(stateDir, 'do');
  for (const classDir of existsSync(doDir) ? readdirSync(doDir) : []) {
    const dir = join(doDir, classDir);
    const sizes = new Map(readdirSync(dir).map((file) => [file, sizeOf(join(dir, file))]));
    const stats: ObjectStats = { files: 0, bytes: 0 };
    for (const [file, size] of sizes) {
      if (!file.endsWith('.sqlite') || file === 'metadata.sqlite') continue;
      stats.files++;
      stats.bytes += size + (sizes.get(`${file}-wal`) ?? 0);
    }
    objects[classDir.replace(/^.*-/, '')] = stats;
  }
  return {
    d1Bytes: meta.size_after,
    rows,
    objects,
    records: await heldRecords(),
    diskBytes: diskBytesUnder(stateDir),
  };
}

function diskBytesUnder(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .reduce((sum, entry) => sum + sizeOf(join(entry.parentPath, entry.name)), 0);
}

/** The runtime deletes write-ahead logs while we look; a file gone is a file of no bytes. */
function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
