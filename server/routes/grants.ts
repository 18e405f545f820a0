import { Hono, type Context } from 'hono';
import * as z from 'zod';
import type { AppEnv } from '../app-env.js';
import { clientOfRequest } from '../http/client-of-request.js';
import { dpopProofAtAuthorizationServer } from '../http/dpop-at-authorization-server.js';
import { validFlowInput, validOAuthInput } from '../http/validate.js';
import { clientAuthenticationParameters } from '../oauth/client-authentication.js';
import { revokeGrantWithRecord } from '../oauth/grant-revocation-record.js';
import { assertSenderConstrained } from '../oauth/partner-profile.js';
import { consentRecordsOf } from '../storage/consent-records.js';
import { findPartnerGrant, type PartnerGrant } from '../storage/grants.js';

/** @see https://openid.net/specs/oauth-v2-grant-management.html ("Grant Resource URL") */
const grantPath = z.object({ grantId: z.string().min(1).max(64) });

/**
 * GET and DELETE carry no body, so the client authentication parameters of RFC 7523 §2.2 (a
 * client_assertion) travel in the query. An assertion is short-lived, single-use (its `jti` is
 * remembered) and names the bank as its audience, so one seen in a URL cannot be used again; a
 * client secret is only ever accepted in the Authorization header.
 */
const clientAuthenticationQuery = z.object(clientAuthenticationParameters);

const NO_STORE = { 'Cache-Control': 'no-store' };

export type GrantStatus = 'active' | 'revoked' | 'expired';

/**
 * The grant management endpoint (OpenID Grant Management for OAuth 2.0): a partner queries and
 * revokes its own grants by the `grant_id` of its token response. Where that draft protects the
 * endpoint with an access token for the scopes `grant_management_query` / `_revoke`, which would
 * need a client credentials grant this bank does not offer, the partner authenticates here
 * exactly as at the token endpoint (client_secret_basic or private_key_jwt), and a fapi2
 * partner also sends a DPoP proof for the request, as it does there.
 * @see https://openid.net/specs/oauth-v2-grant-management.html ("Grant Management API")
 */
export const grantRoutes = new Hono<AppEnv>()
  .get(
    '/grants/:grantId',
    validFlowInput('param', grantPath),
    validOAuthInput('query', clientAuthenticationQuery),
    async (c) => {
      const now = Date.now();
      const grant = await requestedGrant(
        c,
        c.req.valid('param').grantId,
        c.req.valid('query'),
        now,
      );
      if (!grant) return unknownGrant(c);
      const records = await consentRecordsOf(c.env.DB, grant.id);
      return c.json(
        {
          grant_id: grant.id,
          status: grantStatus(grant, now),
          scopes: [{ scope: grant.scopes.join(' ') }],
          account_ids: grant.accountIds,
          created_at: seconds(grant.createdAt),
          expires_at: seconds(grant.expiresAt),
          last_used_at: grant.lastUsedAt === null ? null : seconds(grant.lastUsedAt),
          // The latest signed record: the consent as given, or its end once revoked.
          consent_record: records.at(-1)?.jws ?? null,
        },
        200,
        NO_STORE,
      );
    },
  )
  .delete(
    '/grants/:grantId',
    validFlowInput('param', grantPath),
    validOAuthInput('query', clientAuthenticationQuery),
    async (c) => {
      const now = Date.now();
      const grant = await requestedGrant(
        c,
        c.req.valid('param').grantId,
        c.req.valid('query'),
        now,
      );
      if (!grant) return unknownGrant(c);
      // Revoking a grant already ended changes nothing and answers the same.
      await revokeGrantWithRecord(c.env, grant.id, 'partner', now);
      return c.body(null, 204, NO_STORE);
    },
  );

/**
 * The grant the request names, if it is the authenticated partner's own: the partner
 * authenticates as at the token endpoint, with its DPoP proof if it must send one, and the grant
 * query is scoped to it.
 */
async function requestedGrant(
  c: Context<AppEnv>,
  grantId: string,
  query: z.infer<typeof clientAuthenticationQuery>,
  now: number,
): Promise<PartnerGrant | null> {
  const partner = await clientOfRequest(c, query, now);
  assertSenderConstrained(partner, await dpopProofAtAuthorizationServer(c, now));
  return findPartnerGrant(c.env.DB, grantId, partner.clientId);
}

/**
 * Unknown and another partner's grant alike: "If the grant_id is unknown, the AS responds with
 * HTTP status 404", and `invalid_grant_id` is the draft's error for a grant id the client may
 * not use.
 * @see https://openid.net/specs/oauth-v2-grant-management.html ("Error Responses")
 */
function unknownGrant(c: Context<AppEnv>): Response {
  return c.json(
    { error: 'invalid_grant_id', error_description: 'No such grant for this client.' },
    404,
    NO_STORE,
  );
}

/** A revoked grant reads `revoked` even after its end date passes. */
export function grantStatus(grant: PartnerGrant, now: number): GrantStatus {
  if (grant.revokedAt !== null) return 'revoked';
  return grant.expiresAt <= now ? 'expired' : 'active';
}

/** JSON numbers of seconds since the epoch, as in JWT (RFC 7519 §2, NumericDate). */
function seconds(epochMs: number): number {
  return Math.floor(epochMs / 1000);
}
