/**
 * Every problem code the flow API can answer, in one types-only module the server and the widget
 * share: a `Problem` takes only these, and the widget's message table (widget/problem-message.ts)
 * is a `Record` over them, so a code added here without its Japanese and English message does not
 * compile.
 */

/** Refusals of the pure engine (server/flow/refusal.ts): the input does not fit the step. */
export type RefusalCode =
  | 'step_not_allowed'
  | 'scope_required'
  | 'invalid_scope'
  | 'account_required'
  | 'account_not_selectable'
  | 'nothing_left_to_register'
  | 'confirmation_required'
  | 'grant_account_required';

/** Problems of the adapters around the engine: the request, the transaction, the bank's checks. */
export type AdapterProblemCode =
  | 'invalid_request'
  | 'payload_too_large'
  | 'invalid_authorization_request'
  | 'transaction_not_found'
  | 'transaction_expired'
  | 'transaction_ended'
  | 'invalid_credentials'
  | 'certificate_not_recognized'
  | 'account_locked'
  | 'too_many_attempts'
  | 'additional_auth_unavailable'
  | 'wrong_answer'
  | 'invalid_pin'
  | 'pin_locked'
  | 'grant_not_found'
  | 'grant_unavailable'
  | 'server_error';

export type ProblemCode = RefusalCode | AdapterProblemCode;
