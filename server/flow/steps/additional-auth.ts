import type { FlowFacts } from '../facts.js';
import { afterAuthentication } from '../next-step.js';
import type { FlowState, FlowView } from '../types.js';

/** Step 2 — additional authentication (追加認証): one question, three tries. */

export const MAX_WRONG_ANSWERS = 3;

export function acceptAnswer(state: FlowState, facts: FlowFacts): FlowState {
  return afterAuthentication({ ...state, stepUp: undefined }, facts);
}

/** Counts a wrong answer; at zero attempts left the adapter ends the transaction. */
export function rejectAnswer(state: FlowState): { state: FlowState; attemptsLeft: number } {
  const stepUp = state.stepUp ?? { questionId: '', wrongAnswers: 0 };
  const wrongAnswers = stepUp.wrongAnswers + 1;
  return {
    state: { ...state, stepUp: { ...stepUp, wrongAnswers } },
    attemptsLeft: Math.max(0, MAX_WRONG_ANSWERS - wrongAnswers),
  };
}

export function additionalAuthView(state: FlowState, facts: FlowFacts): FlowView {
  return {
    name: 'additional-auth',
    question: facts.question ?? { ja: '', en: '' },
    attemptsLeft: MAX_WRONG_ANSWERS - (state.stepUp?.wrongAnswers ?? 0),
  };
}
