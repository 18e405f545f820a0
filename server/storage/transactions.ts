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

/**
 * How many of a handle's characters pick its object: the first 40 of its 43. The handle's start
 * is drawn into the object its pushed request lives in, so that one call uses up the request_uri
 * and begins the transaction (start-transaction.ts), and its last 3 characters are drawn so that
 * its failure counter shares a lockout object with the client IP's (transaction-handle.ts). Over
 * the whole handle the two draws could not both succeed for 3 in 4 pairs of request_uri and
 * client address: through every character two strings share, FNV-1a (XOR, then multiply by an odd
 * prime) carries the low 2 bits of the XOR of their hashes on by a fixed rule, so the numbers of
 * the objects `<handle>` and `transaction:<handle>` land in are tied in their low 2 bits (of
 * 4096 pairs of objects, random handles reach 1024). On disjoint characters each draw is free of
 * the other, and random handles reach all 4096.
 */
export const ROUTED_HANDLE_LENGTH = 40;

/** The object that holds the transaction of `handle`. */
export function transactionShard(env: Env, handle: string) {
  return flowObject(env, handle.slice(0, ROUTED_HANDLE_LENGTH));
}

/**
 * The object of a key that picks it whole: a pushed request's request_uri, a management session's
 * handle.
 */
export function flowObject(env: Env, key: string) {
  return env.FLOW_TRANSACTIONS.get(
    env.FLOW_TRANSACTIONS.idFromName(shardName(TRANSACTION_SHARDS, key)),
  );
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
