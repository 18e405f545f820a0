import type { StepName } from './types.js';
import { FlowRefusal } from './refusal.js';

/** Everything a customer can do in the flow; each is one route of the flow API. */
export type FlowAction =
  | 'present-certificate'
  | 'log-in'
  | 'answer'
  | 'choose-scopes'
  | 'register-pins'
  | 'confirm-pins'
  | 'add-more-pins'
  | 'allow'
  | 'deny'
  /** The customer gives up and returns to the partner (「連携先に戻る」), at any step. */
  | 'cancel';

/**
 * The transition table (docs/flow.md), read at a glance: which actions each step accepts. Anything
 * not listed (out of order, replayed, after the end) is refused before any I/O happens.
 */
export const actionsAccepted = {
  login: ['present-certificate', 'log-in', 'cancel'],
  'additional-auth': ['answer', 'cancel'],
  'scope-select': ['choose-scopes', 'cancel'],
  'pin-register': ['register-pins', 'cancel'],
  'pin-result': ['confirm-pins', 'add-more-pins', 'cancel'],
  consent: ['allow', 'deny', 'cancel'],
  complete: [],
} as const satisfies Record<StepName, readonly FlowAction[]>;

export function assertActionAccepted(step: StepName, action: FlowAction): void {
  const accepted: readonly FlowAction[] = actionsAccepted[step];
  if (!accepted.includes(action)) {
    throw new FlowRefusal('step_not_allowed', `"${action}" is not accepted at step "${step}".`);
  }
}
