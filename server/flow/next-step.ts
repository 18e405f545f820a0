import type { FlowFacts } from './facts.js';
import type { FlowState } from './types.js';

/**
 * The server's skip rules (docs/flow.md): steps 2 to 5 are skipped by the server's decision,
 * never the widget's.
 * Each function picks where the flow goes once a step is done.
 */

/** After login (and additional authentication, if asked): service selection, unless the partner skips it. */
export function afterAuthentication(state: FlowState, facts: FlowFacts): FlowState {
  if (facts.partner.showsScopeSelection) return { ...state, step: 'scope-select' };
  return afterScopeChoice({ ...state, chosenScopes: state.request.scopes }, facts);
}

/** After the services are chosen: PIN registration while an account is left to register. */
export function afterScopeChoice(state: FlowState, facts: FlowFacts): FlowState {
  return hasAccountToRegister(state, facts)
    ? { ...state, step: 'pin-register' }
    : { ...state, step: 'consent' };
}

export function hasAccountToRegister(state: FlowState, facts: FlowFacts): boolean {
  return facts.accounts.some(
    (account) => !account.pinRegistered && !state.stagedPinAccountIds.includes(account.id),
  );
}
