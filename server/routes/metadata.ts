import { Hono } from 'hono';
import type { AppEnv } from '../app-env.js';
import { authorizationServerMetadata } from '../oauth/metadata.js';
import { scopeCatalog } from '../storage/scopes.js';

export const metadataRoutes = new Hono<AppEnv>().get('/.well-known/oauth-authorization-server', async (c) => {
  const scopes = (await scopeCatalog(c.env.DB)).map((scope) => scope.name);
  // PAR is required unless the bank registered some partner for plain requests (RFC 9126 §5).
  const plainAllowed = await c.env.DB.prepare('SELECT 1 FROM partners WHERE allows_plain_authorization_request = 1 LIMIT 1').first();
  return c.json(authorizationServerMetadata(c.env.ISSUER, scopes, plainAllowed === null), 200, {
    'Cache-Control': 'public, max-age=300',
  });
});
