import type { Context } from 'hono';
import type { AppEnv } from '../app-env.js';
import { endFlow } from '../flow/endings.js';
import { Problem } from '../http/problem.js';
import { openTransaction, type Transaction } from '../storage/transactions.js';
import { transactionExpired, transactionNotFound } from './problems.js';

/** The transaction handle travels in this header: not in URLs (logs), not in cookies. */
export const TRANSACTION_HEADER = 'X-Transaction';
const HANDLE_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** The request's well-formed transaction handle, or a 400 before any storage is touched. */
export function handleOf(c: Context<AppEnv>): string {
  const handle = c.req.header(TRANSACTION_HEADER) ?? '';
  if (HANDLE_PATTERN.test(handle)) return handle;
  throw new Problem(
    400,
    'invalid_request',
    `The ${TRANSACTION_HEADER} header is missing or malformed.`,
  );
}

/** Opens the transaction the request's handle names, or refuses the request. */
export async function openTransactionOf(c: Context<AppEnv>): Promise<Transaction> {
  const handle = handleOf(c);
  const opened = await openTransaction(c.env, handle, Date.now());
  if (opened.status === 'expired') {
    const { state } = opened;
    const ended =
      state.step === 'complete' ? state : endFlow(state, 'transaction_expired', c.env.ISSUER);
    throw transactionExpired(ended.outcome);
  }
  if (opened.status === 'not-found') throw transactionNotFound();
  return opened.transaction;
}
