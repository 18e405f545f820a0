import type { Context } from 'hono';
import type { AppEnv } from '../../app-env.js';
import type { CustomerAccount, FlowFacts } from '../../flow/facts.js';
import type { FlowState, FlowView } from '../../flow/types.js';
import { viewOf } from '../../flow/views.js';
import { Problem } from '../../http/problem.js';
import { registeredAccountIds } from '../../storage/pin-registrations.js';
import { partnerForFlow, scopeCatalogForFlow } from '../../storage/reference-data.js';
import { transactionRecord, type TransactionRecord } from '../../storage/transactions.js';

/** The transaction handle travels in this header: not in URLs (logs), not in cookies (SPEC §5). */
export const TRANSACTION_HEADER = 'X-Transaction';
const HANDLE_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export interface LoadedTransaction {
  record: TransactionRecord;
  state: FlowState;
  version: number;
  /** The customer's accounts as listed at login; absent before. */
  accounts?: CustomerAccount[];
}

/** A transaction idle this long is gone (server issue §4: 10 minutes, set in wrangler.jsonc). */
export function transactionIdleMs(env: Env): number {
  return Number(env.TRANSACTION_IDLE_SECONDS) * 1000;
}

export async function loadTransaction(c: Context<AppEnv>): Promise<LoadedTransaction> {
  const handle = c.req.header(TRANSACTION_HEADER) ?? '';
  if (!HANDLE_PATTERN.test(handle)) {
    throw new Problem(400, 'invalid_request', `The ${TRANSACTION_HEADER} header is missing or malformed.`);
  }
  const record = transactionRecord(c.env, handle);
  const snapshot = await record.read(Date.now());
  if (snapshot.status === 'expired') throw expiredProblem();
  if (snapshot.status === 'not-found') {
    throw new Problem(404, 'transaction_not_found', 'This authorization is unknown or has expired. Please start again.');
  }
  return { record, state: snapshot.state, version: snapshot.version, accounts: snapshot.accounts };
}

const expiredProblem = () =>
  new Problem(410, 'transaction_expired', 'This authorization has expired. Please start again.');

/**
 * Stores the next state, and the accounts the facts were gathered with when this step is the
 * first to know them; a concurrent write since loading means this submission lost the race.
 */
export async function saveTransaction(
  c: Context<AppEnv>,
  transaction: LoadedTransaction,
  next: FlowState,
  { lifetimeMs = transactionIdleMs(c.env), facts }: { lifetimeMs?: number; facts?: FlowFacts } = {},
): Promise<void> {
  const newAccounts = !transaction.accounts && next.customerId ? facts?.accounts : undefined;
  const result = await transaction.record.write(transaction.version, next, Date.now(), lifetimeMs, newAccounts);
  if (result === 'expired') throw expiredProblem();
  if (result === 'conflict') throw new Problem(409, 'step_not_allowed', 'This step was already submitted.');
}

/**
 * Gathers what the engine needs to know for this state (see flow/facts.ts). The accounts come
 * from the transaction once login has listed them, and from the bank until then.
 */
export async function gatherFacts(
  c: Context<AppEnv>,
  state: FlowState,
  transaction?: Pick<LoadedTransaction, 'accounts'>,
): Promise<FlowFacts> {
  const [partner, scopes, accounts, question] = await Promise.all([
    partnerForFlow(c.env.DB, state.request.clientId),
    scopeCatalogForFlow(c.env.DB),
    state.customerId ? (transaction?.accounts ?? customerAccounts(c, state.customerId)) : [],
    state.stepUp ? c.var.bank.questions.question(state.stepUp.questionId) : null,
  ]);
  if (!partner) throw new Problem(410, 'transaction_ended', 'The partner is no longer registered.');
  return {
    partner,
    bank: { ja: c.env.BANK_NAME_JA, en: c.env.BANK_NAME_EN },
    scopeCatalog: scopes,
    accounts,
    question: question?.text,
    now: Date.now(),
  };
}

async function customerAccounts(c: Context<AppEnv>, customerId: string): Promise<CustomerAccount[]> {
  const [accounts, registered] = await Promise.all([
    c.var.bank.accounts.accountsOf(customerId),
    registeredAccountIds(c.env.DB, customerId),
  ]);
  return accounts.map((account) => ({ ...account, pinRegistered: registered.has(account.id) }));
}

/**
 * Saves the next state and answers with the view it leads to. The facts the step was decided
 * with also render the view: nothing the step does changes them.
 */
export async function advance(
  c: Context<AppEnv>,
  transaction: LoadedTransaction,
  next: FlowState,
  facts?: FlowFacts,
): Promise<{ view: FlowView }> {
  const viewFacts = facts ?? (await gatherFacts(c, next, transaction));
  await saveTransaction(c, transaction, next, { facts: viewFacts });
  return { view: viewOf(next, viewFacts) };
}
