import type { AuthorizationRequest } from '../flow/types.js';
import { OAuthError } from '../http/oauth-error.js';
import { findGrantToReconsent } from '../storage/grants.js';
import type { Partner } from '../storage/partners.js';

/**
 * `grant_management_action` and `grant_id` of an authorization request: `create` (or neither)
 * asks for a new grant and so names none; `replace` and `merge` change the grant they name. A
 * `grant_id` without an action is refused rather than guessed at.
 * @see https://openid.net/specs/oauth-v2-grant-management.html ("Authorization Request")
 */
export function requestedGrantManagement(
  action: string | undefined,
  grantId: string | undefined,
): AuthorizationRequest['grantManagement'] {
  if (action === undefined || action === 'create') {
    if (grantId !== undefined) {
      throw new OAuthError(
        'invalid_request',
        'grant_id needs grant_management_action replace or merge; create makes a new grant.',
      );
    }
    return undefined;
  }
  if (action !== 'replace' && action !== 'merge') {
    throw new OAuthError(
      'invalid_request',
      'grant_management_action must be create, replace or merge.',
    );
  }
  if (grantId === undefined) {
    throw new OAuthError('invalid_request', `grant_management_action=${action} needs a grant_id.`);
  }
  return { action, grantId };
}

/**
 * The grant a re-consent names must be this partner's and not revoked; unknown and another
 * partner's read alike. An expired grant may be renewed. Whether it is the customer's is known
 * only at login (server/routes/flow/login.ts).
 * @see https://openid.net/specs/oauth-v2-grant-management.html ("Error Responses")
 */
export async function assertGrantToReconsent(
  db: D1Database,
  partner: Partner,
  request: AuthorizationRequest,
): Promise<void> {
  if (!request.grantManagement) return;
  const grant = await findGrantToReconsent(db, request.grantManagement.grantId, partner.clientId);
  if (!grant || grant.revoked) {
    throw new OAuthError('invalid_grant_id', "grant_id is unknown, revoked or not this client's.");
  }
}
