import { Hono } from 'hono';
import type { AppEnv } from '../app-env.js';
import { consentSigningKey } from '../oauth/consent-signing-key.js';
import { authorizationServerMetadata } from '../oauth/metadata.js';
import { anyPartnerMayRequestWithoutPar } from '../storage/partners.js';
import { scopeCatalog } from '../storage/scopes.js';

export const metadataRoutes = new Hono<AppEnv>()
  .get('/.well-known/oauth-authorization-server', async (c) => {
    const scopes = (await scopeCatalog(c.env.DB)).map((scope) => scope.name);
    // PAR is required unless the bank registered some partner for plain requests (RFC 9126 §5).
    const parRequired = !(await anyPartnerMayRequestWithoutPar(c.env.DB));
    return c.json(authorizationServerMetadata(c.env.ISSUER, scopes, parRequired), 200, {
      'Cache-Control': 'public, max-age=300',
    });
  })
  /**
   * The bank's public signing keys (the metadata's `jwks_uri`): the key of its consent records.
   * @see https://www.rfc-editor.org/rfc/rfc7517#section-5
   * @see https://www.rfc-editor.org/rfc/rfc8414#section-2 (jwks_uri)
   */
  .get('/.well-known/jwks.json', async (c) => {
    const { publicJwk } = await consentSigningKey(c.env);
    return c.json({ keys: [publicJwk] }, 200, {
      'Content-Type': 'application/jwk-set+json',
      'Cache-Control': 'public, max-age=300',
    });
  });
