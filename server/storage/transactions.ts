import type { CustomerAccount } from '../flow/facts.js';
import type { FlowState } from '../flow/types.js';
import type { TransactionSnapshot, WriteResult } from './flow-transactions.js';
import { shardName, TRANSACTION_SHARDS } from './shards.js';


/** One transaction's record, wherever its shard lives (flow-transactions.ts says what each does). */
export interface TransactionRecord {
  begin(state: FlowState, now: number, lifetimeMs: number): Promise<void>;
  read(now: number): Promise<TransactionSnapshot>;
  write(
    version: number,
    state: FlowState,
    now: number,
    lifetimeMs: number,
    accounts?: CustomerAccount[],
  ): Promise<WriteResult>;
  end(): Promise<void>;
}

/** The object that holds the transaction of `handle`, or the pushed request of a request_uri. */
export function transactionShard(env: Env, key: string) {
  return env.FLOW_TRANSACTIONS.get(env.FLOW_TRANSACTIONS.idFromName(shardName(TRANSACTION_SHARDS, key)));
}

export function transactionRecord(env: Env, handle: string): TransactionRecord {
  const shard = transactionShard(env, handle);
  return {
    begin: (state, now, lifetimeMs) => shard.begin(handle, state, now, lifetimeMs),
    read: (now) => shard.read(handle, now),
    write: (version, state, now, lifetimeMs, accounts) =>
      shard.write(handle, version, state, now, lifetimeMs, accounts),
    end: () => shard.end(handle),
  };
}
