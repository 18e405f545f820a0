import { Hono } from 'hono';
import type { AppEnv } from '../app-env.js';
import { authorizationServerMetadata } from '../oauth/metadata.js';
import { anyPartnerMayRequestWithoutPar } from '../storage/partners.js';
import { scopeCatalog } from '../storage/scopes.js';

export const metadataRoutes = new Hono<AppEnv>().get(
  '/.well-known/oauth-authorization-server',
  async (c) => {
    const scopes = (await scopeCatalog(c.env.DB)).map((scope) => scope.name);
    // PAR is required unless the bank registered some partner for plain requests (RFC 9126 §5).
    const parRequired = !(await anyPartnerMayRequestWithoutPar(c.env.DB));
    return c.json(authorizationServerMetadata(c.env.ISSUER, scopes, parRequired), 200, {
      'Cache-Control': 'public, max-age=300',
    });
  },
);
