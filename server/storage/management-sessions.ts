import type { ManagementSession } from '../manage/types.js';
import { flowObject } from './transactions.js';

/**
 * A customer's management session (連携サービス一覧): its random handle picks one of the sharded
 * FlowTransactions objects, as a transaction's does. They are the same kind of record (short-lived,
 * one customer's, gone after 10 idle minutes by the same alarm), so a separate Durable Object
 * class would add a binding and a migration and coordinate nothing more. Every save restarts
 * the idle time.
 */
export function saveManagementSession(
  env: Env,
  handle: string,
  session: ManagementSession,
  now: number,
): Promise<void> {
  const expiresAt = now + Number(env.TRANSACTION_IDLE_SECONDS) * 1000;
  return flowObject(env, handle).saveSession(handle, session, expiresAt);
}

export function readManagementSession(
  env: Env,
  handle: string,
  now: number,
): Promise<ManagementSession | null> {
  return flowObject(env, handle).readSession(handle, now);
}

export function endManagementSession(env: Env, handle: string): Promise<void> {
  return flowObject(env, handle).endSession(handle);
}
