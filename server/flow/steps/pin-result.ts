import { accountViews } from '../account-views.js';
import type { FlowFacts } from '../facts.js';
import { hasAccountToRegister } from '../next-step.js';
import { FlowRefusal } from '../refusal.js';
import type { FlowState, FlowView } from '../types.js';

/** Step 5 — registration result (照会用暗証番号登録結果): 「確認」 or 「照会用暗証番号の追加登録」. */

export function confirmPins(state: FlowState): FlowState {
  return { ...state, step: 'consent' };
}

export function addMorePins(state: FlowState, facts: FlowFacts): FlowState {
  if (!hasAccountToRegister(state, facts)) {
    throw new FlowRefusal('nothing_left_to_register', 'Every account is already registered.');
  }
  return { ...state, step: 'pin-register' };
}

export function pinResultView(state: FlowState, facts: FlowFacts): FlowView {
  return {
    name: 'pin-result',
    accounts: accountViews(state, facts),
    registeredAccountIds: state.lastRegisteredAccountIds,
    canAddMore: hasAccountToRegister(state, facts),
  };
}
