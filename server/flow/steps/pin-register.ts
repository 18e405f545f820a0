import { accountViews } from '../account-views.js';
import type { FlowFacts } from '../facts.js';
import { FlowRefusal } from '../refusal.js';
import type { FlowState, FlowView } from '../types.js';

/** Step 4 — inquiry-PIN registration (照会用暗証番号登録). */

/**
 * Checked before any PIN is verified: only the customer's own accounts that are still 未登録
 * may be chosen, so a PIN check is never spent on an account the customer cannot register.
 */
export function assertSelectable(state: FlowState, accountIds: string[], facts: FlowFacts): void {
  if (accountIds.length === 0) {
    throw new FlowRefusal('account_required', 'Choose at least one account to register.');
  }
  if (new Set(accountIds).size !== accountIds.length) {
    throw new FlowRefusal('account_not_selectable', 'An account was chosen twice.');
  }
  const views = accountViews(state, facts);
  for (const id of accountIds) {
    if (views.find((account) => account.id === id)?.status !== 'unregistered') {
      throw new FlowRefusal('account_not_selectable', 'That account cannot be registered now.');
    }
  }
}

/** Every chosen PIN matched the bank's record: the accounts become 登録済み* until 許可. */
export function stagePins(state: FlowState, accountIds: string[]): FlowState {
  return {
    ...state,
    step: 'pin-result',
    stagedPinAccountIds: [...state.stagedPinAccountIds, ...accountIds],
    lastRegisteredAccountIds: accountIds,
  };
}

export function pinRegisterView(state: FlowState, facts: FlowFacts): FlowView {
  return { name: 'pin-register', accounts: accountViews(state, facts) };
}
