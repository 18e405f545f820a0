import type { FlowViewName } from '../server/flow/types.js';

/** The authorization response (RFC 6749 §4.1.2, RFC 9207): what the partner exchanges at /token. */
export interface AuthorizationResponse {
  code: string;
  state: string;
  iss: string;
}

/**
 * 'denied': the customer pressed 拒否 (RFC 6749 §4.1.2.1 access_denied); 'cancelled': gave up
 * (「連携先に戻る」, error_description=cancelled); 'closed': closed the modal.
 */
export interface CancelDetail {
  reason: 'denied' | 'cancelled' | 'closed';
  state?: string;
  iss?: string;
}

export interface StepDetail {
  view: FlowViewName;
}

/**
 * `code`: why the flow cannot go on (a problem code). When the bank ended the flow, the error
 * response the partner would have received by redirect (RFC 6749 §4.1.2.1): `error`
 * (access_denied), `error_description` (e.g. too_many_wrong_answers), `state` and `iss`.
 */
export interface ErrorDetail {
  code: string;
  error?: string;
  error_description?: string;
  state?: string;
  iss?: string;
}

// Public events cross shadow roots (composed) and carry no personal data.
const init = <T>(detail: T, cancelable = false) => ({
  detail,
  bubbles: true,
  composed: true,
  cancelable,
});

/** The bank's page is shown and its first step is ready. */
export class ApiLinkAuthReadyEvent extends CustomEvent<Record<string, never>> {
  constructor() {
    super('api-link-auth-ready', init({}));
  }
}

/** A new step is shown; `detail.view` names it. */
export class ApiLinkAuthStepEvent extends CustomEvent<StepDetail> {
  constructor(detail: StepDetail) {
    super('api-link-auth-step', init(detail));
  }
}

/** The customer allowed access. On the hosted element, `preventDefault()` stops the delivery. */
export class ApiLinkAuthCompleteEvent extends CustomEvent<AuthorizationResponse> {
  constructor(detail: AuthorizationResponse) {
    super('api-link-auth-complete', init(detail, true));
  }
}

/** The customer denied access or closed the modal. On the hosted element, cancelable like complete. */
export class ApiLinkAuthCancelEvent extends CustomEvent<CancelDetail> {
  constructor(detail: CancelDetail) {
    super('api-link-auth-cancel', init(detail, true));
  }
}

/** The flow cannot continue (e.g. it expired); start a new authorization request. */
export class ApiLinkAuthErrorEvent extends CustomEvent<ErrorDetail> {
  constructor(detail: ErrorDetail) {
    super('api-link-auth-error', init(detail));
  }
}

declare global {
  interface HTMLElementEventMap {
    'api-link-auth-ready': ApiLinkAuthReadyEvent;
    'api-link-auth-step': ApiLinkAuthStepEvent;
    'api-link-auth-complete': ApiLinkAuthCompleteEvent;
    'api-link-auth-cancel': ApiLinkAuthCancelEvent;
    'api-link-auth-error': ApiLinkAuthErrorEvent;
  }
}
