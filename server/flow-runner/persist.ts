import type { CustomerAccount } from '../flow/facts.js';
import type { FlowState } from '../flow/types.js';
import type { Transaction } from '../storage/transactions.js';
import { stepAlreadySubmitted, transactionExpired } from './problems.js';
import { transactionLifetimeMs } from './transaction-lifetime.js';

/**
 * Saves `next` (compare-and-swap): a write by another request since this one opened the
 * transaction means this submission lost the race, and is refused.
 */
export async function persist(
  env: Env,
  transaction: Transaction,
  next: FlowState,
  accounts?: CustomerAccount[],
): Promise<void> {
  const result = await transaction.save(next, transactionLifetimeMs(env, next), accounts);
  if (result === 'expired') throw transactionExpired();
  if (result === 'conflict') throw stepAlreadySubmitted();
}
