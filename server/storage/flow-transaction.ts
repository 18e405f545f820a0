import { DurableObject } from 'cloudflare:workers';
import type { CustomerAccount } from '../flow/facts.js';
import type { FlowState } from '../flow/types.js';

/** A transaction as stored: the engine's state plus what keeps writers honest and it short-lived. */
interface StoredTransaction {
  state: FlowState;
  version: number;
  expiresAt: number;
  /**
   * The customer's accounts as the bank listed them at login, with their registration state
   * then: every later step shows or checks them, and asking the bank again each time would
   * cost a round trip per step for the same list.
   */
  accounts?: CustomerAccount[];
}

export type TransactionSnapshot =
  | { status: 'active'; state: FlowState; version: number; accounts?: CustomerAccount[] }
  | { status: 'expired' }
  | { status: 'not-found' };

export type WriteResult = 'written' | 'conflict' | 'expired';

const RECORD_KEY = 'transaction';

/**
 * One Durable Object per authorization transaction: the single place its state lives, so every
 * step is serialized and strongly consistent. Writes are compare-and-swap on `version`, so two
 * concurrent submissions of the same step cannot both succeed. The alarm deletes the whole
 * transaction when it has been idle too long, leaving no storage behind.
 */
export class FlowTransaction extends DurableObject<Env> {
  async begin(state: FlowState, now: number, lifetimeMs: number): Promise<void> {
    await this.save({ state, version: 1, expiresAt: now + lifetimeMs });
  }

  async read(now: number): Promise<TransactionSnapshot> {
    const stored = await this.ctx.storage.get<StoredTransaction>(RECORD_KEY);
    if (!stored) return { status: 'not-found' };
    if (stored.expiresAt <= now) {
      await this.ctx.storage.deleteAll();
      return { status: 'expired' };
    }
    return { status: 'active', state: stored.state, version: stored.version, accounts: stored.accounts };
  }

  /**
   * Replaces the state if nobody wrote since `version` was read and it has not expired meanwhile.
   * The accounts are kept unless new ones are given.
   */
  async write(
    version: number,
    state: FlowState,
    now: number,
    lifetimeMs: number,
    accounts?: CustomerAccount[],
  ): Promise<WriteResult> {
    const stored = await this.ctx.storage.get<StoredTransaction>(RECORD_KEY);
    if (!stored || stored.expiresAt <= now) return 'expired';
    if (stored.version !== version) return 'conflict';
    await this.save({ state, version: version + 1, expiresAt: now + lifetimeMs, accounts: accounts ?? stored.accounts });
    return 'written';
  }

  async end(): Promise<void> {
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
  }

  override async alarm(): Promise<void> {
    await this.ctx.storage.deleteAll();
  }

  private async save(record: StoredTransaction): Promise<void> {
    await this.ctx.storage.put(RECORD_KEY, record);
    await this.ctx.storage.setAlarm(record.expiresAt);
  }
}
