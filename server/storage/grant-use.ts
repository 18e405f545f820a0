/**
 * How stale `grants.last_used_at` may be: the partner's last use is shown by the day, so a write
 * per API call would buy nothing but load on D1.
 */
const LAST_USE_RESOLUTION_MS = 60_000;
const MAX_REMEMBERED_GRANTS = 10_000;

/** When this isolate last wrote each grant's last use. */
const writtenAt = new Map<string, number>();

/**
 * Records that the partner used the grant (the account API or a refresh), at most once a minute
 * per grant: skipped without a query when this isolate wrote it within the minute, and the
 * UPDATE itself leaves a newer value alone, so isolates running side by side write it at most
 * once a minute between them too.
 */
export async function recordGrantUse(db: D1Database, grantId: string, now: number): Promise<void> {
  const written = writtenAt.get(grantId);
  if (written !== undefined && now - written < LAST_USE_RESOLUTION_MS) return;
  if (writtenAt.size >= MAX_REMEMBERED_GRANTS) writtenAt.clear();
  writtenAt.set(grantId, now);
  try {
    await db
      .prepare(
        `UPDATE grants SET last_used_at = ?1
          WHERE id = ?2 AND (last_used_at IS NULL OR last_used_at <= ?1 - ?3)`,
      )
      .bind(now, grantId, LAST_USE_RESOLUTION_MS)
      .run();
  } catch (error) {
    writtenAt.delete(grantId);
    throw error;
  }
}
