import type { CurrentGrant } from '../flow/facts.js';
import type { AuthorizationRequest } from '../flow/types.js';
import { findGrantToReconsent } from '../storage/grants.js';

/**
 * The grant a re-consent names, if this customer may re-consent to it: the partner's (PAR checked
 * that already), the customer's own, and not revoked. An expired grant may be renewed: that is
 * what re-consent at the end of the period is for. Null when it may not; a request that is not a
 * re-consent has none.
 * @see https://openid.net/specs/oauth-v2-grant-management.html ("Authorization Request")
 */
export async function reconsentedGrant(
  db: D1Database,
  request: AuthorizationRequest,
  customerId: string,
): Promise<CurrentGrant | null> {
  if (!request.grantManagement) return null;
  const grant = await findGrantToReconsent(db, request.grantManagement.grantId, request.clientId);
  return grant && grant.customerId === customerId && !grant.revoked ? grant : null;
}
