import type { FlowState } from './types.js';

/**
 * Every way a flow ends besides 許可, each told to the partner as an authorization error response
 * (RFC 6749 §4.1.2.1): `error=access_denied` (or `invalid_grant_id`, below), a stable
 * `error_description` naming why, `state` and `iss` (RFC 9207). The partner always hears how its
 * request ended.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2.1
 */
export type EndingReason =
  /** 拒否 on the consent step. */
  | 'denied'
  /** The customer gave up (「連携先に戻る」). */
  | 'cancelled'
  /** Three wrong answers in additional authentication. */
  | 'too_many_wrong_answers'
  /** The login ID is locked after repeated failures. */
  | 'login_locked'
  /** The transaction was idle too long. */
  | 'transaction_expired'
  /**
   * A re-consent's grant is another customer's, or was revoked: `error=invalid_grant_id` instead,
   * as OpenID Grant Management asks, with no description.
   * @see https://openid.net/specs/oauth-v2-grant-management.html ("Error Responses")
   */
  | 'invalid_grant_id';

/**
 * Completes the flow with the parameters of the partner's callback, and its `state` when the
 * request had one: "REQUIRED if the "state" parameter was present in the client authorization
 * request", and absent otherwise.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2
 */
export function completeWith(state: FlowState, params: Record<string, string>): FlowState {
  const { redirectUri, responseMode, state: partnerState } = state.request;
  const answered = partnerState === undefined ? params : { ...params, state: partnerState };
  return { ...state, step: 'complete', outcome: { redirectUri, responseMode, params: answered } };
}

/** Ends the flow without a grant: nothing staged survives, the partner learns why. */
export function endFlow(state: FlowState, reason: EndingReason, issuer: string): FlowState {
  const params: Record<string, string> = {
    error: reason === 'invalid_grant_id' ? reason : 'access_denied',
  };
  // 拒否 keeps the plain response partners already handle; every other ending names itself.
  if (reason !== 'denied' && reason !== 'invalid_grant_id') params.error_description = reason;
  params.iss = issuer;
  return completeWith({ ...state, stagedPinAccountIds: [] }, params);
}
