import { Hono } from 'hono';
import * as z from 'zod';
import type { AppEnv } from '../app-env.js';
import { sha256Base64url } from '../crypto/sha256.js';
import { clientOfRequest } from '../http/client-of-request.js';
import { OAuthError } from '../http/oauth-error.js';
import { postOnly } from '../http/post-only.js';
import { validOAuthInput } from '../http/validate.js';
import { clientAuthenticationParameters } from '../oauth/client-authentication.js';
import { findToken, revokeToken, revokeTokenFamily } from '../storage/tokens.js';

const revocationRequest = z.object({
  ...clientAuthenticationParameters,
  token: z.string().min(1).max(512),
  token_type_hint: z.string().max(64).optional(),
});

/**
 * Token revocation. An unknown token is answered 200 like a revoked one (§2.2); revoking a
 * refresh token also revokes the access tokens of the same grant (§2.1).
 * @see https://www.rfc-editor.org/rfc/rfc7009#section-2
 */
export const revokeRoutes = new Hono<AppEnv>()
  .post('/revoke', validOAuthInput('form', revocationRequest), async (c) => {
    const body = c.req.valid('form');
    const now = Date.now();
    const partner = await clientOfRequest(c, body, now);
    const tokenHash = await sha256Base64url(body.token);
    const token = await findToken(c.env.DB, tokenHash);
    if (token && token.clientId !== partner.clientId) {
      // §2.1: the server "verifies whether the token was issued to the client making the
      // revocation request. If this validation fails, the request is refused".
      throw new OAuthError('unauthorized_client', 'The token was not issued to this client.');
    }
    if (token?.kind === 'refresh') await revokeTokenFamily(c.env.DB, token.family, now);
    if (token?.kind === 'access') await revokeToken(c.env.DB, tokenHash, now);
    return c.body(null, 200, { 'Cache-Control': 'no-store' });
  })
  .all('/revoke', postOnly);
