import { DurableObject } from 'cloudflare:workers';

export interface LockoutPolicy {
  maxFailures: number;
  lockMs: number;
}

export interface LockoutStatus {
  failures: number;
  lockedUntil: number | null;
}

interface CounterRow extends Record<string, SqlStorageValue> {
  failures: number;
  locked_until: number | null;
  last_failure_at: number;
}

/** Failures older than this are forgotten, so the counters' storage does not grow forever. */
const FORGET_AFTER_MS = 24 * 3_600_000;

/**
 * Consecutive-failure counters (per login ID, per account's PIN registration) in a Durable
 * Object, not KV: increments must be strongly consistent, or parallel guesses could slip past
 * the limit; and the storage survives restarts. Each object holds the counters of one shard of
 * subjects (lockouts.ts), so a login does not wake a fresh object per customer. Every method
 * reads and writes SQLite synchronously, with no await in between, so an increment is atomic.
 */
export class LockoutCounters extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec(`CREATE TABLE IF NOT EXISTS counters (
      subject TEXT PRIMARY KEY,
      failures INTEGER NOT NULL,
      locked_until INTEGER,
      last_failure_at INTEGER NOT NULL
    )`);
  }

  status(subject: string, now: number): LockoutStatus {
    const counter = this.current(subject, now);
    return { failures: counter?.failures ?? 0, lockedUntil: counter?.locked_until ?? null };
  }

  async recordFailure(subject: string, now: number, policy: LockoutPolicy): Promise<LockoutStatus> {
    const failures = (this.current(subject, now)?.failures ?? 0) + 1;
    const lockedUntil = failures >= policy.maxFailures ? now + policy.lockMs : null;
    this.ctx.storage.sql.exec(
      'INSERT OR REPLACE INTO counters (subject, failures, locked_until, last_failure_at) VALUES (?, ?, ?, ?)',
      subject,
      failures,
      lockedUntil,
      now,
    );
    const forgetAt = Math.max(lockedUntil ?? 0, now + FORGET_AFTER_MS);
    const alarm = await this.ctx.storage.getAlarm();
    if (alarm === null || alarm > forgetAt) await this.ctx.storage.setAlarm(forgetAt);
    return { failures, lockedUntil };
  }

  clear(subject: string): void {
    this.ctx.storage.sql.exec('DELETE FROM counters WHERE subject = ?', subject);
  }

  /** How many counters this object holds, finished ones included until the alarm runs. */
  size(): number {
    return this.ctx.storage.sql.exec<{ n: number }>('SELECT count(*) AS n FROM counters').one().n;
  }

  /** Deletes the counters that are over, then wakes again when the next one will be. */
  override async alarm(): Promise<void> {
    const now = Date.now();
    const { sql } = this.ctx.storage;
    sql.exec(
      'DELETE FROM counters WHERE last_failure_at <= ? AND (locked_until IS NULL OR locked_until <= ?)',
      now - FORGET_AFTER_MS,
      now,
    );
    const [next] = sql
      .exec<{ at: number | null }>(
        'SELECT MIN(MAX(COALESCE(locked_until, 0), last_failure_at + ?)) AS at FROM counters',
        FORGET_AFTER_MS,
      )
      .toArray();
    if (next?.at != null) await this.ctx.storage.setAlarm(next.at);
  }

  /** The live counter: an expired lock or an old failure starts the count afresh. */
  private current(subject: string, now: number): CounterRow | null {
    const [counter] = this.ctx.storage.sql
      .exec<CounterRow>('SELECT failures, locked_until, last_failure_at FROM counters WHERE subject = ?', subject)
      .toArray();
    if (!counter) return null;
    if (counter.locked_until !== null && counter.locked_until <= now) return null;
    if (now - counter.last_failure_at > FORGET_AFTER_MS) return null;
    return counter;
  }
}
