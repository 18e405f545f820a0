import type { ScopeView } from '../flow/types.js';
import { readRows } from './d1-reads.js';

export async function scopeCatalog(db: D1Database): Promise<ScopeView[]> {
  const results = await readRows<{ name: string; label_ja: string; label_en: string }>(
    db,
    db.prepare('SELECT name, label_ja, label_en FROM scopes ORDER BY position'),
  );
  return results.map((row) => ({ name: row.name, label: { ja: row.label_ja, en: row.label_en } }));
}
