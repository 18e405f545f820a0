import { accountViews } from '../account-views.js';
import { DAY_MS, jstDate } from '../dates.js';
import { completeWith, endFlow } from '../endings.js';
import type { FlowFacts } from '../facts.js';
import { FlowRefusal } from '../refusal.js';
import type { ConsentChange, FlowState, FlowView } from '../types.js';
import { scopeViews } from './scope-select.js';

/** Step 6 — access permission (情報アクセス許可): 許可 commits, 拒否 commits nothing. */

/** What 許可 commits, atomically: the grant and the staged PIN registrations (server/storage/authorization-commit.ts). */
export interface GrantPlan {
  customerId: string;
  clientId: string;
  scopes: string[];
  /** Every account registered for API access once this commit lands. */
  accountIds: string[];
  stagedPinAccountIds: string[];
  createdAt: number;
  expiresAt: number;
}

/** 対象口座: the accounts a grant can cover, those registered for API access (or staged). */
function grantableAccountIds(state: FlowState, facts: FlowFacts): string[] {
  return facts.accounts
    .filter((account) => account.pinRegistered || state.stagedPinAccountIds.includes(account.id))
    .map((account) => account.id);
}

/**
 * The grant as 許可 leaves it. A re-consent with `replace` gives the grant exactly this consent's
 * services and accounts; with `merge`, those it has already and these.
 * @see https://openid.net/specs/oauth-v2-grant-management.html ("Authorization Request")
 */
export function planGrant(state: FlowState, facts: FlowFacts): GrantPlan {
  const grantable = grantableAccountIds(state, facts);
  const chosen = state.chosenAccountIds;
  const chosenAccountIds = chosen ? grantable.filter((id) => chosen.includes(id)) : grantable;
  const chosenScopes = state.chosenScopes ?? [];
  const merged = state.request.grantManagement?.action === 'merge' ? facts.currentGrant : undefined;
  return {
    customerId: state.customerId ?? '',
    clientId: state.request.clientId,
    scopes: merged ? union(merged.scopes, chosenScopes) : chosenScopes,
    accountIds: merged ? union(merged.accountIds, chosenAccountIds) : chosenAccountIds,
    stagedPinAccountIds: state.stagedPinAccountIds,
    createdAt: facts.now,
    expiresAt: facts.now + facts.partner.authorizationPeriodDays * DAY_MS,
  };
}

/**
 * The accounts the customer left checked under 対象口座: at least one, each one the grant can
 * cover. Without a choice (an older widget) the grant covers every grantable account.
 */
export function chooseAccounts(
  state: FlowState,
  accountIds: string[] | undefined,
  facts: FlowFacts,
): FlowState {
  if (accountIds === undefined) return state;
  if (accountIds.length === 0) {
    throw new FlowRefusal('grant_account_required', 'Leave at least one account checked.');
  }
  const grantable = grantableAccountIds(state, facts);
  if (accountIds.some((id) => !grantable.includes(id))) {
    throw new FlowRefusal('account_not_selectable', 'That account cannot be shared.');
  }
  return { ...state, chosenAccountIds: [...new Set(accountIds)] };
}

/** 許可 is enabled only once 「認可手続きを継続する」 is checked; the server holds the line too. */
export function assertContinueConfirmed(confirmed: boolean): void {
  if (!confirmed) {
    throw new FlowRefusal(
      'confirmation_required',
      'Check 「認可手続きを継続する」 before allowing access.',
    );
  }
}

/**
 * 許可: the authorization response of RFC 6749 §4.1.2 with `iss` (RFC 9207 §2).
 * @see https://www.rfc-editor.org/rfc/rfc9207#section-2
 */
export function allow(state: FlowState, code: string, issuer: string): FlowState {
  return completeWith(state, { code, iss: issuer });
}

/**
 * 拒否: the error response of RFC 6749 §4.1.2.1; staged registrations are simply forgotten.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2.1
 */
export function deny(state: FlowState, issuer: string): FlowState {
  return endFlow(state, 'denied', issuer);
}

export function consentView(state: FlowState, facts: FlowFacts): FlowView {
  const { partner } = facts;
  const plan = planGrant(state, facts);
  const grantable = grantableAccountIds(state, facts);
  const change = consentChange(state, facts, plan);
  return {
    name: 'consent',
    accounts: accountViews(state, facts).filter((account) => grantable.includes(account.id)),
    service: partner.service,
    company: partner.company,
    bank: facts.bank,
    scopes: scopeViews(plan.scopes, facts),
    periodDays: partner.authorizationPeriodDays,
    endsOn: jstDate(plan.expiresAt),
    termsUrl: partner.termsUrl,
    privacyUrl: partner.privacyUrl,
    detailsUrl: partner.detailsUrl,
    ...(change ? { change } : {}),
  };
}

/** On a re-consent, what it changes of the grant as it stands (see ConsentChange). */
function consentChange(
  state: FlowState,
  facts: FlowFacts,
  plan: GrantPlan,
): ConsentChange | undefined {
  const action = state.request.grantManagement?.action;
  const current = facts.currentGrant;
  if (!action || !current) return undefined;
  return {
    action,
    scopesAdded: scopeViews(
      plan.scopes.filter((scope) => !current.scopes.includes(scope)),
      facts,
    ),
    scopesRemoved: scopeViews(
      current.scopes.filter((scope) => !plan.scopes.includes(scope)),
      facts,
    ),
    accountIdsBefore: current.accountIds,
    endedOn: jstDate(current.expiresAt),
  };
}

function union(kept: string[], added: string[]): string[] {
  return [...new Set([...kept, ...added])];
}
