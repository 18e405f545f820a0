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

export function transactionRecord(env: Env, handle: string): TransactionRecord {
  const shard = env.FLOW_TRANSACTIONS.get(
    env.FLOW_TRANSACTIONS.idFromName(shardName(TRANSACTION_SHARDS, handle)),
  );
  return {
    begin: (state, now, lifetimeMs) => shard.begin(handle, state, now, lifetimeMs),
    read: (now) => shard.read(handle, now),
    write: (version, state, now, lifetimeMs, accounts) =>
      shard.write(handle, version, state, now, lifetimeMs, accounts),
    end: () => shard.end(handle),
  };
}
