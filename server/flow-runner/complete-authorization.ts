import type { Context } from 'hono';
import type { AppEnv } from '../app-env.js';
import { randomToken } from '../crypto/random-token.js';
import { sha256Base64url } from '../crypto/sha256.js';
import { endFlow } from '../flow/endings.js';
import type { FlowFacts } from '../flow/facts.js';
import { planGrant } from '../flow/steps/consent.js';
import type { FlowState } from '../flow/types.js';
import { Problem } from '../http/problem.js';
import { grantedConsentRecord } from '../oauth/consent-record.js';
import { AUTHORIZATION_CODE_LIFETIME_MS } from '../oauth/lifetimes.js';
import {
  commitAuthorization,
  isReconsent,
  undoAuthorization,
  type AuthorizationKeys,
} from '../storage/authorization-commit.js';
import type { Transaction } from '../storage/transactions.js';
import { persist } from './persist.js';
import { grantUnavailable } from './problems.js';

/** The code this transaction's 許可 issues: the one an earlier attempt recorded, or a new one. */
export function authorizationCode(state: FlowState): string {
  return state.pendingAuthorization?.code ?? randomToken();
}

/**
 * The one place where an authorization completes, whenever the engine reaches `complete`.
 *
 * Each attempt first claims the transaction (a compare-and-swap that also records the keys and
 * code of a 許可), so no two attempts of one transaction touch D1 at the same time; then commits
 * or undoes in one D1 batch that is idempotent per authorization; then saves the outcome. If D1
 * fails, or answers ambiguously, the transaction stays at consent with the keys recorded: 許可
 * again commits that authorization at most once, and 拒否 undoes whatever landed. A re-consent
 * commits to the grant it names under an authorization id of its own.
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
    const pending = before.pendingAuthorization ?? { ...newAuthorizationKeys(before), code };
    // A retry commits what the first attempt claimed: the same keys, code and 対象口座.
    const { chosenAccountIds } = before.pendingAuthorization ? before : decided;
    const claimed = { ...before, chosenAccountIds, pendingAuthorization: pending };
    await persist(c.env, transaction, claimed);
    const keys = authorizationKeys(pending);
    const plan = planGrant(claimed, facts);
    const status = isReconsent(keys) ? 'renewed' : 'given';
    const consentRecord = await grantedConsentRecord(c.env, keys.grantId, plan, facts, status);
    const outcome = await unlessD1Fails(async () =>
      commitAuthorization(
        c.env.DB,
        keys,
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
    if (outcome === 'grant_unavailable') {
      // Revoked while the customer was deciding: nothing landed, the partner hears why.
      const ended = endFlow(
        { ...decided, pendingAuthorization: undefined },
        'invalid_grant_id',
        c.env.ISSUER,
      );
      await persist(c.env, transaction, ended);
      throw grantUnavailable(ended.outcome);
    }
  } else if (before.pendingAuthorization) {
    const { code: pendingCode } = before.pendingAuthorization;
    await persist(c.env, transaction, before);
    const codeHash = await sha256Base64url(pendingCode);
    const keys = authorizationKeys(before.pendingAuthorization);
    await unlessD1Fails(() => undoAuthorization(c.env.DB, keys, codeHash, Date.now()));
  }
  const completed = { ...decided, pendingAuthorization: undefined };
  await persist(c.env, transaction, completed);
  return completed;
}

/** A new grant's first authorization has the grant's id; a re-consent an id of its own. */
function newAuthorizationKeys(state: FlowState): { grantId: string; authorizationId?: string } {
  const reconsented = state.request.grantManagement?.grantId;
  if (reconsented === undefined) return { grantId: crypto.randomUUID() };
  return { grantId: reconsented, authorizationId: crypto.randomUUID() };
}

function authorizationKeys(
  pending: NonNullable<FlowState['pendingAuthorization']>,
): AuthorizationKeys {
  return { authorizationId: pending.authorizationId ?? pending.grantId, grantId: pending.grantId };
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
