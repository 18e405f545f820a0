import { DurableObject } from 'cloudflare:workers';

export interface LockoutPolicy {
  maxFailures: number;
  lockMs: number;
}

export interface LockoutStatus {
  failures: number;
  lockedUntil: number | null;
}

interface StoredCounter {
  failures: number;
  lockedUntil: number | null;
  lastFailureAt: number;
}

const RECORD_KEY = 'counter';
/** Failures older than this are forgotten, so the counter's storage does not grow forever. */
const FORGET_AFTER_MS = 24 * 3_600_000;

/**
 * Consecutive-failure counter for one subject (a login ID, an account's PIN registration).
 * A Durable Object, not KV: increments must be strongly consistent, or parallel guesses could
 * slip past the limit; and its storage survives restarts.
 */
export class LockoutCounter extends DurableObject<Env> {
  async status(now: number): Promise<LockoutStatus> {
    const stored = await this.current(now);
    return { failures: stored?.failures ?? 0, lockedUntil: stored?.lockedUntil ?? null };
  }

  async recordFailure(now: number, policy: LockoutPolicy): Promise<LockoutStatus> {
    const failures = ((await this.current(now))?.failures ?? 0) + 1;
    const lockedUntil = failures >= policy.maxFailures ? now + policy.lockMs : null;
    await this.ctx.storage.put<StoredCounter>(RECORD_KEY, { failures, lockedUntil, lastFailureAt: now });
    await this.ctx.storage.setAlarm(Math.max(lockedUntil ?? 0, now + FORGET_AFTER_MS));
    return { failures, lockedUntil };
  }

  async clear(): Promise<void> {
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
  }

  override async alarm(): Promise<void> {
    await this.ctx.storage.deleteAll();
  }

  /** The live counter: an expired lock starts the count afresh. */
  private async current(now: number): Promise<StoredCounter | null> {
    const stored = await this.ctx.storage.get<StoredCounter>(RECORD_KEY);
    if (!stored) return null;
    if (stored.lockedUntil !== null && stored.lockedUntil <= now) return null;
    if (now - stored.lastFailureAt > FORGET_AFTER_MS) return null;
    return stored;
  }
}
