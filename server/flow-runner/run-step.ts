import type { Context } from 'hono';
import type { AppEnv } from '../app-env.js';
import { assertActionAccepted, type FlowAction } from '../flow/actions.js';
import { endFlow, type EndingReason } from '../flow/endings.js';
import type { FlowFacts } from '../flow/facts.js';
import type { FlowState } from '../flow/types.js';
import { viewOf } from '../flow/views.js';
import { Problem } from '../http/problem.js';
import { completeAuthorization } from './complete-authorization.js';
import { gatherFacts } from './facts.js';
import { openTransactionOf } from './open-transaction.js';
import { persist } from './persist.js';

/** What a step decided, when it did not refuse outright (which it does by throwing). */
export type StepDecision =
  /** Go on to `next`; `learned` adds what the step found out, e.g. the accounts after login. */
  | {
      next: FlowState;
      learned?: Partial<Pick<FlowFacts, 'accounts' | 'question' | 'currentGrant'>>;
    }
  /** Save `next` (e.g. one more wrong answer counted), then refuse with `refusal`. */
  | { next: FlowState; refusal: Problem }
  /**
   * End the flow for `ending` (server/flow/endings.ts), then refuse with `refusal`, which carries
   * the partner's callback (`outcome`) so the customer can be returned there.
   */
  | { ending: EndingReason; refusal: Problem };

export interface StepInput {
  state: FlowState;
  facts: FlowFacts;
}

/** A route's part of a step: its bank I/O (password, answer, PIN checks) and the engine call. */
export type Step = (
  input: StepInput,
) => Promise<StepDecision | FlowState> | StepDecision | FlowState;

/**
 * A flow request's whole life, the same for every step: open the transaction of the request's
 * handle, refuse an action its step does not accept (server/flow/actions.ts), gather the facts
 * once, let the step decide, persist (compare-and-swap; completing the authorization whenever
 * the engine reaches `complete`) and answer the next view.
 */
export async function runStep(c: Context<AppEnv>, action: FlowAction, step: Step) {
  const transaction = await openTransactionOf(c);
  const { state } = transaction;
  assertActionAccepted(state.step, action);
  const facts = await gatherFacts(c, state, transaction.accounts);
  const decided = await step({ state, facts });
  const decision: StepDecision = 'step' in decided ? { next: decided } : decided;

  const viewFacts = 'learned' in decision ? { ...facts, ...decision.learned } : facts;
  let next = 'ending' in decision ? endFlow(state, decision.ending, c.env.ISSUER) : decision.next;
  if (next.step === 'complete') {
    next = await completeAuthorization(c, transaction, next, viewFacts);
  } else {
    const firstListing = !transaction.accounts && next.customerId ? viewFacts.accounts : undefined;
    await persist(c.env, transaction, next, firstListing);
  }
  if ('refusal' in decision) {
    const { status, code, detail, extensions, headers } = decision.refusal;
    if (next.step !== 'complete') throw decision.refusal;
    throw new Problem(status, code, detail, { ...extensions, outcome: next.outcome }, headers);
  }
  return c.json({ view: viewOf(next, viewFacts) });
}

/** The current view, unchanged: how the widget finds its place again after a network failure. */
export async function showCurrentView(c: Context<AppEnv>) {
  const transaction = await openTransactionOf(c);
  const facts = await gatherFacts(c, transaction.state, transaction.accounts);
  return c.json({ view: viewOf(transaction.state, facts) });
}
