import { DurableObject } from 'cloudflare:workers';

/** The rule of one counter: how many failed (or still unsettled) attempts lock it, how long. */
export interface AttemptPolicy {
  maxFailures: number;
  lockMs: number;
  /** A success forgets the failures (a login ID's lockout) or not (a per-source limit). */
  successClears: boolean;
  /** Failures older than this are forgotten, lock or no lock. */
  forgetAfterMs: number;
}

export interface AttemptRequest {
  subject: string;
  policy: AttemptPolicy;
}

export type ReserveResult =
  | {
      granted: true;
      reservationIds: string[];
      /** Per subject, failures and other attempts in flight at the moment of reserving. */
      priorFailures: number[];
    }
  /** `retryAt`: when the counter that refused can next grant an attempt, at the latest. */
  | { granted: false; refused: { subject: string; retryAt: number }[] };

export type AttemptOutcome = 'success' | 'failure' | 'released';

export interface Settlement {
  reservationId: string;
  subject: string;
  policy: AttemptPolicy;
  outcome: AttemptOutcome;
}

interface CounterRow extends Record<string, SqlStorageValue> {
  failures: number;
  locked_until: number | null;
  last_failure_at: number;
}

/** A subject's counter, if any (null columns when none), and its reservations. */
interface StandingRow extends Record<string, SqlStorageValue> {
  failures: number | null;
  locked_until: number | null;
  last_failure_at: number | null;
  in_flight: number;
  abandoned: number;
}

/**
 * A reservation not settled within this time (its request died between the check and the
 * settlement) counts as a failure: cutting a request short must not earn a free guess.
 */
const RESERVATION_MS = 60_000;

/**
 * Attempt counters for every secret check (a login ID's password, a transaction's answers, an
 * account's PIN, a client IP's failures), in Durable Objects rather than KV because increments
 * must be strongly consistent. Reserve, then check, then settle: an attempt is counted before
 * its secret is checked, so attempts in flight count with failures, and a burst of parallel
 * guesses gets no more checks than the limit. Each object holds the counters of one shard of
 * subjects (lockouts.ts); every method works on SQLite with no await in between, so each call is
 * atomic.
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
    ctx.storage.sql.exec(`CREATE TABLE IF NOT EXISTS reservations (
      id TEXT PRIMARY KEY,
      subject TEXT NOT NULL,
      policy TEXT NOT NULL,
      expires_at INTEGER NOT NULL
    )`);
    ctx.storage.sql.exec(
      'CREATE INDEX IF NOT EXISTS reservations_by_subject ON reservations (subject)',
    );
  }

  /** Reserves one attempt for each subject, all or none; refused while any is at its limit. */
  async reserve(requests: AttemptRequest[], now: number): Promise<ReserveResult> {
    const refused: { subject: string; retryAt: number }[] = [];
    const priorFailures: number[] = [];
    for (const { subject, policy } of requests) {
      const { counter, inFlight } = this.standing(subject, policy, now);
      if (counter?.locked_until != null) {
        refused.push({ subject, retryAt: counter.locked_until });
      } else if ((counter?.failures ?? 0) + inFlight >= policy.maxFailures) {
        refused.push({ subject, retryAt: now + policy.lockMs });
      }
      priorFailures.push((counter?.failures ?? 0) + inFlight);
    }
    if (refused.length > 0) return { granted: false, refused };
    const reservationIds = requests.map(({ subject, policy }) => {
      const id = crypto.randomUUID();
      this.ctx.storage.sql.exec(
        'INSERT INTO reservations (id, subject, policy, expires_at) VALUES (?, ?, ?, ?)',
        id,
        subject,
        JSON.stringify(policy),
        now + RESERVATION_MS,
      );
      return id;
    });
    await this.wakeBy(now + RESERVATION_MS);
    return { granted: true, reservationIds, priorFailures };
  }

  /**
   * Ends reserved attempts: a failure stays counted (and may lock), a success clears the
   * counter where its policy says so, a release (the check never ran) counts nothing. An
   * attempt whose reservation already expired was counted as a failure then.
   */
  async settle(settlements: Settlement[], now: number): Promise<void> {
    const { sql } = this.ctx.storage;
    let wakeAt = Infinity;
    for (const { reservationId, subject, policy, outcome } of settlements) {
      const released = sql
        .exec('DELETE FROM reservations WHERE id = ? RETURNING id', reservationId)
        .toArray();
      if (outcome === 'success' && policy.successClears) {
        sql.exec('DELETE FROM counters WHERE subject = ?', subject);
      } else if (outcome === 'failure' && released.length > 0) {
        wakeAt = Math.min(wakeAt, this.addFailures(subject, policy, 1, now));
      }
    }
    if (wakeAt !== Infinity) await this.wakeBy(wakeAt);
  }

  /** How many counters this object holds, finished ones included until the alarm runs. */
  size(): number {
    return this.ctx.storage.sql
      .exec<{ n: number }>(
        'SELECT (SELECT count(*) FROM counters) + (SELECT count(*) FROM reservations) AS n',
      )
      .one().n;
  }

  /** Counts abandoned reservations, deletes the counters that are over, wakes for the next. */
  override async alarm(): Promise<void> {
    const now = Date.now();
    const { sql } = this.ctx.storage;
    const subjects = sql
      .exec<{ subject: string }>(
        'SELECT DISTINCT subject FROM reservations WHERE expires_at <= ?',
        now,
      )
      .toArray();
    for (const { subject } of subjects) this.countExpiredReservations(subject, now);
    sql.exec(
      `DELETE FROM counters
        WHERE last_failure_at <= ?1 - ?2 AND (locked_until IS NULL OR locked_until <= ?1)`,
      now,
      FORGET_AFTER_MS,
    );
    const { at } = sql
      .exec<{ at: number | null }>(
        `SELECT min(at) AS at FROM (
           SELECT max(coalesce(locked_until, 0), last_failure_at + ?) AS at FROM counters
           UNION ALL SELECT expires_at FROM reservations)`,
        FORGET_AFTER_MS,
      )
      .one();
    if (at !== null) await this.ctx.storage.setAlarm(at);
  }

  /** Reservations whose requests never settled become failures of their subject. */
  private countExpiredReservations(subject: string, now: number): void {
    const expired = this.ctx.storage.sql
      .exec<{ policy: string }>(
        'DELETE FROM reservations WHERE subject = ? AND expires_at <= ? RETURNING policy',
        subject,
        now,
      )
      .toArray();
    if (expired.length === 0) return;
    const policy = JSON.parse(expired[0].policy) as AttemptPolicy;
    this.addFailures(subject, policy, expired.length, now);
  }

  /** Adds failures, locking at the limit; answers when the counter may next be deleted. */
  private addFailures(subject: string, policy: AttemptPolicy, count: number, now: number): number {
    const failures = (this.current(subject, policy, now)?.failures ?? 0) + count;
    const lockedUntil = failures >= policy.maxFailures ? now + policy.lockMs : null;
    this.ctx.storage.sql.exec(
      `INSERT OR REPLACE INTO counters (subject, failures, locked_until, last_failure_at)
       VALUES (?, ?, ?, ?)`,
      subject,
      failures,
      lockedUntil,
      now,
    );
    return Math.max(lockedUntil ?? 0, now + FORGET_AFTER_MS);
  }

  /**
   * A subject's live counter and its attempts in flight, once abandoned reservations are counted
   * as failures. One statement reads all of it; only a subject with an abandoned reservation
   * (rare: a request died mid-check) takes the longer way.
   */
  private standing(subject: string, policy: AttemptPolicy, now: number) {
    const row = this.ctx.storage.sql
      .exec<StandingRow>(
        `SELECT c.failures, c.locked_until, c.last_failure_at,
                (SELECT count(*) FROM reservations WHERE subject = ?1) AS in_flight,
                (SELECT count(*) FROM reservations WHERE subject = ?1 AND expires_at <= ?2)
                  AS abandoned
           FROM (SELECT 1) LEFT JOIN counters c ON c.subject = ?1`,
        subject,
        now,
      )
      .one();
    if (row.abandoned > 0) {
      this.countExpiredReservations(subject, now);
      return {
        counter: this.current(subject, policy, now),
        inFlight: row.in_flight - row.abandoned,
      };
    }
    const counter = row.failures === null ? null : live(row as CounterRow, policy, now);
    return { counter, inFlight: row.in_flight };
  }

  private current(subject: string, policy: AttemptPolicy, now: number): CounterRow | null {
    const [counter] = this.ctx.storage.sql
      .exec<CounterRow>(
        'SELECT failures, locked_until, last_failure_at FROM counters WHERE subject = ?',
        subject,
      )
      .toArray();
    return counter ? live(counter, policy, now) : null;
  }

  /** The alarm is always due by the earliest moment something here changes. */
  private async wakeBy(at: number): Promise<void> {
    const alarm = await this.ctx.storage.getAlarm();
    if (alarm === null || alarm > at) await this.ctx.storage.setAlarm(at);
  }
}

/** The live counter: an expired lock or failures past the policy's memory start afresh. */
function live(counter: CounterRow, policy: AttemptPolicy, now: number): CounterRow | null {
  if (counter.locked_until !== null && counter.locked_until <= now) return null;
  if (now - counter.last_failure_at > policy.forgetAfterMs) return null;
  return counter;
}

/** The longest any policy remembers a failure; the alarm deletes counters older than this. */
const FORGET_AFTER_MS = 24 * 3_600_000;
