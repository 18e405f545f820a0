import type { Context } from 'hono';
import type { AppEnv } from '../app-env.js';
import { randomToken } from '../crypto/random-token.js';
import { sha256Base64url } from '../crypto/sha256.js';
import type { FlowFacts } from '../flow/facts.js';
import { planGrant } from '../flow/steps/consent.js';
import type { FlowState } from '../flow/types.js';
import { Problem } from '../http/problem.js';
import { grantedConsentRecord } from '../oauth/consent-record.js';
import { AUTHORIZATION_CODE_LIFETIME_MS } from '../oauth/lifetimes.js';
import { commitAuthorization, undoAuthorization } from '../storage/authorization-commit.js';
import type { Transaction } from '../storage/transactions.js';
import { persist } from './persist.js';

/** The code this transaction's 許可 issues: the one an earlier attempt recorded, or a new one. */
export function authorizationCode(state: FlowState): string {
  return state.pendingAuthorization?.code ?? randomToken();
}

/**
 * The one place where an authorization completes, whenever the engine reaches `complete`.
 *
 * Each attempt first claims the transaction (a compare-and-swap that also records the grant id
 * and code of a 許可), so no two attempts of one transaction touch D1 at the same time; then
 * commits or undoes in one D1 batch that is idempotent per grant id; then saves the outcome.
 * If D1 fails, or answers ambiguously, the transaction stays at consent with the grant id
 * recorded: 許可 again commits that grant at most once, and 拒否 undoes whatever landed.
 */
export async function completeAuthorization(
  c: Context<AppEnv>,
  transaction: Transaction,
  decided: FlowState,
  facts: FlowFacts,
): Promise<FlowState> {
  const before = transaction.state;
  const code = decided.outcome?.params.code;
  if (code !== undefined) {
    const pending = { grantId: before.pendingAuthorization?.grantId ?? crypto.randomUUID(), code };
    // A retry commits what the first attempt claimed: the same grant id, code and 対象口座.
    const { chosenAccountIds } = before.pendingAuthorization ? before : decided;
    const claimed = { ...before, chosenAccountIds, pendingAuthorization: pending };
    await persist(c.env, transaction, claimed);
    const plan = planGrant(claimed, facts);
    const consentRecord = await grantedConsentRecord(c.env, pending.grantId, plan, facts);
    const outcome = await unlessD1Fails(async () =>
      commitAuthorization(
        c.env.DB,
        pending.grantId,
        plan,
        {
          codeHash: await sha256Base64url(code),
          redirectUri: before.request.redirectUri,
          codeChallenge: before.request.codeChallenge,
          dpopJkt: before.request.dpopJkt,
          expiresAt: Date.now() + AUTHORIZATION_CODE_LIFETIME_MS,
        },
        consentRecord,
      ),
    );
    if (outcome === 'denied') {
      throw new Problem(410, 'transaction_ended', 'This authorization was denied.');
    }
  } else if (before.pendingAuthorization) {
    const { grantId } = before.pendingAuthorization;
    await persist(c.env, transaction, before);
    await unlessD1Fails(() => undoAuthorization(c.env.DB, grantId, Date.now()));
  }
  const completed = { ...decided, pendingAuthorization: undefined };
  await persist(c.env, transaction, completed);
  return completed;
}

async function unlessD1Fails<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    // The error's message may quote the statement's values; its name says enough.
    console.error('authorization commit failed', (error as Error).name);
    throw new Problem(
      503,
      'server_error',
      'The authorization could not be saved. Please try again.',
    );
  }
}
