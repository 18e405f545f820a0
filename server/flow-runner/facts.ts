import type { Context } from 'hono';
import type { AppEnv } from '../app-env.js';
import type { CustomerAccount, FlowFacts } from '../flow/facts.js';
import type { FlowState } from '../flow/types.js';
import { Problem } from '../http/problem.js';
import { reconsentedGrant } from './reconsented-grant.js';
import { registeredAccountIds } from '../storage/pin-registrations.js';
import { partnerForFlow, scopeCatalogForFlow } from '../storage/reference-data.js';

/**
 * Gathers what the engine needs to know for this state (server/flow/facts.ts), once per request.
 * The accounts come from the transaction once login has listed them, from the bank until then.
 */
export async function gatherFacts(
  c: Context<AppEnv>,
  state: FlowState,
  listedAccounts?: CustomerAccount[],
): Promise<FlowFacts> {
  const { customerId, request } = state;
  const [partner, scopes, accounts, question, currentGrant] = await Promise.all([
    partnerForFlow(c.env.DB, request.clientId),
    scopeCatalogForFlow(c.env.DB),
    customerId ? (listedAccounts ?? customerAccounts(c, customerId)) : [],
    state.stepUp ? c.var.bank.questions.question(state.stepUp.questionId) : null,
    customerId && request.grantManagement ? reconsentedGrant(c.env.DB, request, customerId) : null,
  ]);
  if (!partner) throw new Problem(410, 'transaction_ended', 'The partner is no longer registered.');
  return {
    partner,
    bank: { ja: c.env.BANK_NAME_JA, en: c.env.BANK_NAME_EN },
    scopeCatalog: scopes,
    accounts,
    question: question?.text,
    ...(currentGrant ? { currentGrant } : {}),
    now: Date.now(),
  };
}

/** The customer's accounts from the bank, each marked with whether its PIN is registered here. */
export async function customerAccounts(
  c: Context<AppEnv>,
  customerId: string,
): Promise<CustomerAccount[]> {
  const [accounts, registered] = await Promise.all([
    c.var.bank.accounts.accountsOf(customerId),
    registeredAccountIds(c.env.DB, customerId),
  ]);
  return accounts.map((account) => ({ ...account, pinRegistered: registered.has(account.id) }));
}
