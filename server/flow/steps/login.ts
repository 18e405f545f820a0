import type { FlowFacts } from '../facts.js';
import { afterAuthentication } from '../next-step.js';
import type { FlowState, FlowView } from '../types.js';

/** Step 1 — login (1-1 certificate + password, 1-2 ID + password). */

/** A verified client certificate named the customer; the login password is still required. */
export function recognizeCertificate(state: FlowState, customerId: string): FlowState {
  return { ...state, certificateCustomerId: customerId };
}

/**
 * The password was verified. The bank's risk policy has already decided whether to ask a
 * question (リスクベース追加認証); without one the flow moves past step 2.
 */
export function completeLogin(
  state: FlowState,
  customerId: string,
  stepUpQuestionId: string | null,
  facts: FlowFacts,
): FlowState {
  const authenticated: FlowState = { ...state, customerId, certificateCustomerId: undefined };
  if (stepUpQuestionId !== null) {
    return {
      ...authenticated,
      step: 'additional-auth',
      stepUp: { questionId: stepUpQuestionId, wrongAnswers: 0 },
    };
  }
  return afterAuthentication(authenticated, facts);
}

export function loginView(state: FlowState): FlowView {
  const certificateRecognized = state.certificateCustomerId !== undefined;
  return {
    name: 'login',
    methods: certificateRecognized ? ['password'] : ['certificate', 'password'],
    certificateRecognized,
  };
}
