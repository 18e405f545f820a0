import type { FlowOutcome } from '../flow/types.js';
import { Problem } from '../http/problem.js';

/** The problems more than one flow route answers with, worded once. */

export const transactionNotFound = () =>
  new Problem(
    404,
    'transaction_not_found',
    'This authorization is unknown or has expired. Please start again.',
  );

/** `outcome`: the callback that tells the partner, for the widget's 「連携先に戻る」. */
export const transactionExpired = (outcome?: FlowOutcome) =>
  new Problem(
    410,
    'transaction_expired',
    'This authorization has expired. Please start again.',
    outcome ? { outcome } : {},
  );

export const stepAlreadySubmitted = () =>
  new Problem(409, 'step_not_allowed', 'This step was already submitted.');

/** Login is locked (5 failures in 30 minutes, server/storage/lockouts.ts) until `lockedUntil`. */
export const loginLocked = (lockedUntil: number) =>
  new Problem(423, 'account_locked', 'Too many failed attempts. Login is locked for a while.', {
    lockedUntil,
  });

/**
 * A re-consent's grant is not this customer's, or was revoked meanwhile: the flow ended with
 * `error=invalid_grant_id` (`outcome`), as OpenID Grant Management asks.
 * @see https://openid.net/specs/oauth-v2-grant-management.html ("Error Responses")
 */
export const grantUnavailable = (outcome?: FlowOutcome) =>
  new Problem(
    403,
    'grant_unavailable',
    'The connection to renew is not this customer’s, or was disconnected.',
    outcome ? { outcome } : {},
  );
