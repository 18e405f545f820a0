import { Hono } from 'hono';
import * as z from 'zod';
import type { AppEnv } from '../app-env.js';
import { OAuthError } from '../http/oauth-error.js';
import { validOAuthInput } from '../http/validate.js';
import { authenticateClient } from '../oauth/client-authentication.js';
import { exchangeAuthorizationCode } from '../oauth/code-exchange.js';
import { refreshTokens } from '../oauth/refresh.js';

const tokenRequest = z.object({
  grant_type: z.string().max(64),
  client_id: z.string().max(128).optional(),
  code: z.string().max(512).optional(),
  redirect_uri: z.string().max(2048).optional(),
  code_verifier: z.string().max(128).optional(),
  refresh_token: z.string().max(512).optional(),
  scope: z.string().max(1024).optional(),
});

/** @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1 ("Cache-Control: no-store", "Pragma: no-cache") */
const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };

/**
 * The token endpoint: authorization_code (with PKCE) and rotating refresh_token grants.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-3.2
 */
export const tokenRoutes = new Hono<AppEnv>().post('/token', validOAuthInput('form', tokenRequest), async (c) => {
  const body = c.req.valid('form');
  const partner = await authenticateClient(c.env.DB, c.req.header('Authorization'), body.client_id);
  const now = Date.now();
  switch (body.grant_type) {
    case 'authorization_code': {
      const { code, redirect_uri: redirectUri, code_verifier: codeVerifier } = body;
      if (!code || !redirectUri || !codeVerifier) {
        throw new OAuthError('invalid_request', 'code, redirect_uri and code_verifier are required.');
      }
      return c.json(await exchangeAuthorizationCode(c.env.DB, partner, { code, redirectUri, codeVerifier }, now), 200, NO_STORE);
    }
    case 'refresh_token': {
      if (!body.refresh_token) throw new OAuthError('invalid_request', 'refresh_token is required.');
      return c.json(await refreshTokens(c.env.DB, partner, body.refresh_token, body.scope, now), 200, NO_STORE);
    }
    default:
      throw new OAuthError('unsupported_grant_type', 'Only authorization_code and refresh_token are supported.');
  }
});
