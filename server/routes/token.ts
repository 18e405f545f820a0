import { Hono } from 'hono';
import * as z from 'zod';
import type { AppEnv } from '../app-env.js';
import { clientOfRequest } from '../http/client-of-request.js';
import { dpopProofAtAuthorizationServer } from '../http/dpop-at-authorization-server.js';
import { OAuthError } from '../http/oauth-error.js';
import { postOnly } from '../http/post-only.js';
import { validOAuthInput } from '../http/validate.js';
import { clientAuthenticationParameters } from '../oauth/client-authentication.js';
import { exchangeAuthorizationCode } from '../oauth/code-exchange.js';
import { assertSenderConstrained } from '../oauth/partner-profile.js';
import { refreshTokens } from '../oauth/refresh.js';

const tokenRequest = z.object({
  ...clientAuthenticationParameters,
  grant_type: z.string().max(64),
  code: z.string().max(512).optional(),
  redirect_uri: z.string().max(2048).optional(),
  code_verifier: z.string().max(128).optional(),
  refresh_token: z.string().max(512).optional(),
  scope: z.string().max(1024).optional(),
});

/** @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1 ("Cache-Control: no-store", "Pragma: no-cache") */
const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };

/**
 * The token endpoint: authorization_code (with PKCE) and refresh_token grants. A DPoP proof binds
 * the tokens to its key; partners of the fapi2 profile must send one.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-3.2
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-5
 */
export const tokenRoutes = new Hono<AppEnv>()
  .post('/token', validOAuthInput('form', tokenRequest), async (c) => {
    const body = c.req.valid('form');
    const now = Date.now();
    const partner = await clientOfRequest(c, body, now);
    const proof = await dpopProofAtAuthorizationServer(c, now);
    assertSenderConstrained(partner, proof);
    const dpopJkt = proof?.jkt ?? null;
    switch (body.grant_type) {
      case 'authorization_code': {
        const { code, redirect_uri: redirectUri, code_verifier: codeVerifier } = body;
        // A missing code_verifier is the code's to refuse (code-exchange.ts): invalid_grant.
        if (!code || !redirectUri) {
          throw new OAuthError('invalid_request', 'code and redirect_uri are required.');
        }
        const exchange = { code, redirectUri, codeVerifier, dpopJkt };
        const tokens = await exchangeAuthorizationCode(c.env.DB, partner, exchange, now);
        return c.json(tokens, 200, NO_STORE);
      }
      case 'refresh_token': {
        if (!body.refresh_token) {
          throw new OAuthError('invalid_request', 'refresh_token is required.');
        }
        const tokens = await refreshTokens(
          c.env.DB,
          partner,
          body.refresh_token,
          body.scope,
          dpopJkt,
          now,
        );
        return c.json(tokens, 200, NO_STORE);
      }
      default:
        throw new OAuthError(
          'unsupported_grant_type',
          'Only authorization_code and refresh_token are supported.',
        );
    }
  })
  .all('/token', postOnly);
