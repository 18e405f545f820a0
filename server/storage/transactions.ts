import type { CustomerAccount } from '../flow/facts.js';
import type { FlowState } from '../flow/types.js';
import { shardName, TRANSACTION_SHARDS } from './shards.js';

/**
 * A transaction as one request opened it. `save` is compare-and-swap against what was opened (or
 * last saved by this request), so of two concurrent submissions of a step only one lands; the
 * version that makes that so never leaves this module.
 */
export interface Transaction {
  readonly state: FlowState;
  /** The customer's accounts as listed at login; absent before. */
  readonly accounts?: CustomerAccount[];
  /** Stores `next`, and the accounts when this is the first step to know them. */
  save(next: FlowState, lifetimeMs: number, accounts?: CustomerAccount[]): Promise<SaveResult>;
  end(): Promise<void>;
}

export type SaveResult = 'saved' | 'conflict' | 'expired';

export type OpenedTransaction =
  | { status: 'active'; transaction: Transaction }
  /** Idle too long; `state` is its last, so the partner can still be told how it ended. */
  | { status: 'expired'; state: FlowState }
  | { status: 'not-found' };

/** The object that holds the transaction of `handle`, or the pushed request of a request_uri. */
export function transactionShard(env: Env, key: string) {
  return env.FLOW_TRANSACTIONS.get(
    env.FLOW_TRANSACTIONS.idFromName(shardName(TRANSACTION_SHARDS, key)),
  );
}

export function beginTransaction(
  env: Env,
  handle: string,
  state: FlowState,
  now: number,
  lifetimeMs: number,
): Promise<void> {
  return transactionShard(env, handle).begin(handle, state, now, lifetimeMs);
}

export async function openTransaction(
  env: Env,
  handle: string,
  now: number,
): Promise<OpenedTransaction> {
  const shard = transactionShard(env, handle);
  const snapshot = await shard.read(handle, now);
  if (snapshot.status !== 'active') return snapshot;
  let { version, state, accounts } = snapshot;
  const transaction: Transaction = {
    get state() {
      return state;
    },
    get accounts() {
      return accounts;
    },
    async save(next, lifetimeMs, newAccounts) {
      const result = await shard.write(handle, version, next, Date.now(), lifetimeMs, newAccounts);
      if (result !== 'written') return result;
      version += 1;
      state = next;
      accounts = newAccounts ?? accounts;
      return 'saved';
    },
    end: () => shard.end(handle),
  };
  return { status: 'active', transaction };
}
