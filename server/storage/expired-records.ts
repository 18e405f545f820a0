/** Codes are kept this long past expiry so a late replay is still recognised and revokes. */
const CODE_REPLAY_WINDOW_MS = 24 * 3_600_000;

/**
 * Deletes what can never be used again: long-expired codes, expired tokens, the marks of revoked
 * token families whose grant has ended, and old outcomes and re-consent snapshots. (Pushed requests and transactions
 * expire by their objects' alarms.) Grants stay: they are the customer's record of what was
 * allowed.
 */
export async function deleteExpiredRecords(db: D1Database, now: number): Promise<void> {
  await db.batch([
    db
      .prepare('DELETE FROM authorization_codes WHERE expires_at <= ?')
      .bind(now - CODE_REPLAY_WINDOW_MS),
    db.prepare('DELETE FROM tokens WHERE expires_at <= ?').bind(now),
    db.prepare('DELETE FROM revoked_token_families WHERE expires_at <= ?').bind(now),
    // An outcome only arbitrates retries of its transaction, which is gone long before this.
    db
      .prepare('DELETE FROM authorization_outcomes WHERE decided_at <= ?')
      .bind(now - CODE_REPLAY_WINDOW_MS),
    // Nor is a re-consent undone after its transaction is gone, which is what a snapshot is for.
    db.prepare('DELETE FROM grant_snapshots WHERE taken_at <= ?').bind(now - CODE_REPLAY_WINDOW_MS),
  ]);
}

/** How often one isolate sweeps: expired rows are harmless, so a minute's delay costs nothing. */
const SWEEP_INTERVAL_MS = 60_000;
let lastSweepAt = 0;

/**
 * Sweeps unless this isolate swept in the last minute, so the sweep's cost is spread thin over
 * requests instead of paid by each. (A Cron Trigger would be the natural home, but the local
 * runtime cannot run a scheduled handler beside static assets, so it could not be tested here.)
 */
export function sweepExpiredRecordsNow(db: D1Database, now: number): Promise<void> | null {
  if (now - lastSweepAt < SWEEP_INTERVAL_MS) return null;
  lastSweepAt = now;
  return deleteExpiredRecords(db, now);
}
