import type { Context } from 'hono';
import type { AppEnv } from '../app-env.js';
import { authenticateClient, type ClientCredentials } from '../oauth/client-authentication.js';
import type { Partner } from '../storage/partners.js';

/**
 * The partner behind a request to an OAuth endpoint, authenticated from its Authorization header
 * and the client authentication parameters of its body. A client assertion must name the issuer
 * or, where the partner's profile allows it, this endpoint's URL as published in the metadata.
 */
export function clientOfRequest(
  c: Context<AppEnv>,
  body: Omit<ClientCredentials, 'authorization'>,
  now: number,
): Promise<Partner> {
  const credentials: ClientCredentials = {
    authorization: c.req.header('Authorization'),
    client_id: body.client_id,
    client_assertion: body.client_assertion,
    client_assertion_type: body.client_assertion_type,
    client_secret: body.client_secret,
  };
  const audience = { issuer: c.env.ISSUER, endpointUrl: `${c.env.ISSUER}${c.req.path}` };
  return authenticateClient(c.env, credentials, audience, now);
}
