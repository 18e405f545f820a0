import type { FlowFacts } from './facts.js';
import type { AccountView, FlowState, PinStatus } from './types.js';

/** The customer's accounts with 未登録 / 登録済み / 登録済み* as of this point in the flow. */
export function accountViews(state: FlowState, facts: FlowFacts): AccountView[] {
  return facts.accounts.map(({ pinRegistered, ...account }) => ({
    ...account,
    status: pinStatus(pinRegistered, state.stagedPinAccountIds.includes(account.id)),
  }));
}

function pinStatus(registered: boolean, staged: boolean): PinStatus {
  if (registered) return 'registered';
  return staged ? 'staged' : 'unregistered';
}
