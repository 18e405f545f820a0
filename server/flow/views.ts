import type { FlowFacts } from './facts.js';
import { additionalAuthView } from './steps/additional-auth.js';
import { consentView } from './steps/consent.js';
import { loginView } from './steps/login.js';
import { pinRegisterView } from './steps/pin-register.js';
import { pinResultView } from './steps/pin-result.js';
import { scopeSelectView } from './steps/scope-select.js';
import type { AuthorizationRequest, FlowState, FlowView, StepName } from './types.js';

/** Which view each step renders: the other half of the table in actions.ts. */
const viewOfStep: Record<StepName, (state: FlowState, facts: FlowFacts) => FlowView> = {
  login: loginView,
  'additional-auth': additionalAuthView,
  'scope-select': scopeSelectView,
  'pin-register': pinRegisterView,
  'pin-result': pinResultView,
  consent: consentView,
  complete: (state) => ({ name: 'complete', outcome: state.outcome! }),
};

export function viewOf(state: FlowState, facts: FlowFacts): FlowView {
  return viewOfStep[state.step](state, facts);
}

/** Step 0: a validated authorization request becomes a transaction waiting for login. */
export function startFlow(request: AuthorizationRequest): FlowState {
  return { step: 'login', request, stagedPinAccountIds: [], lastRegisteredAccountIds: [] };
}
