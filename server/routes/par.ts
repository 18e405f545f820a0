import { Hono } from 'hono';
import type { AppEnv } from '../app-env.js';
import { randomToken } from '../crypto/random-token.js';
import { OAuthError } from '../http/oauth-error.js';
import { postOnly } from '../http/post-only.js';
import { clientOfRequest } from '../http/client-of-request.js';
import { dpopProofAtAuthorizationServer } from '../http/dpop-at-authorization-server.js';
import { withinRateLimit, retryAfter } from '../http/rate-limit.js';
import { validOAuthInput } from '../http/validate.js';
import {
  authorizationParameters,
  bindToPushedProof,
  validateAuthorizationRequest,
} from '../oauth/authorization-request.js';
import { clientAuthenticationParameters } from '../oauth/client-authentication.js';
import { assertGrantToReconsent } from '../oauth/grant-management-request.js';
import { PUSHED_REQUEST_LIFETIME_S } from '../oauth/lifetimes.js';
import { sweepExpiredRecordsNow } from '../storage/expired-records.js';
import { savePushedRequest } from '../storage/pushed-requests.js';

const REQUEST_URI_PREFIX = 'urn:ietf:params:oauth:request_uri:';

/**
 * Pushed authorization request endpoint. A DPoP proof (or `dpop_jkt`) binds the code to a key.
 * @see https://www.rfc-editor.org/rfc/rfc9126#section-2
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-10.1
 */
export const parRoutes = new Hono<AppEnv>()
  .post(
    '/par',
    validOAuthInput('form', authorizationParameters.extend(clientAuthenticationParameters)),
    async (c) => {
      const params = c.req.valid('form');
      const now = Date.now();
      const partner = await clientOfRequest(c, params, now);
      if (!(await withinRateLimit(c.env.PAR_LIMITER, `par:${partner.clientId}`))) {
        // Per partner, not per IP: partners' backends may share addresses (RFC 6585 §4).
        const error = { error: 'temporarily_unavailable', error_description: 'Too many requests.' };
        return c.json(error, 429, { ...retryAfter, 'Cache-Control': 'no-store' });
      }
      assertNoRequestUri(params.request_uri);
      const proof = await dpopProofAtAuthorizationServer(c, now);
      const request = bindToPushedProof(
        validateAuthorizationRequest(partner, params, c.env.ISSUER),
        proof,
      );
      await assertGrantToReconsent(c.env.DB, partner, request);
      const requestUri = REQUEST_URI_PREFIX + randomToken();
      await savePushedRequest(c.env, requestUri, request, now + PUSHED_REQUEST_LIFETIME_S * 1000);
      // New requests sweep away what expired before them, so the tables do not grow forever.
      const sweep = sweepExpiredRecordsNow(c.env.DB, now);
      if (sweep) c.executionCtx.waitUntil(sweep);
      return c.json({ request_uri: requestUri, expires_in: PUSHED_REQUEST_LIFETIME_S }, 201, {
        'Cache-Control': 'no-store',
      });
    },
  )
  .all('/par', postOnly);

/** "The request_uri authorization request parameter is prohibited" in a PAR (RFC 9126 §2.1). */
function assertNoRequestUri(requestUri: string | undefined): void {
  if (requestUri !== undefined) {
    throw new OAuthError('invalid_request', 'request_uri must not be sent to the PAR endpoint.');
  }
}
