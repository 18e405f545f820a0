import { decodeJwt } from 'jose';
import * as z from 'zod';
import { UNMATCHABLE_CLIENT_SECRET_HASH, verifyClientSecret } from '../crypto/client-secret.js';
import { OAuthError } from '../http/oauth-error.js';
import { findPartner, type Partner } from '../storage/partners.js';
import {
  assertionRefused,
  JWT_BEARER_ASSERTION_TYPE,
  verifyClientAssertion,
  type AssertionAudience,
} from './client-assertion.js';
import { assertAllowedClientAuthentication } from './partner-profile.js';

/**
 * The body parameters of client authentication, for the schema of every endpoint that
 * authenticates partners (PAR, token, revocation, and any grant endpoint added later).
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-2.2
 */
export const clientAuthenticationParameters = {
  client_id: z.string().min(1).max(128).optional(),
  client_assertion: z.string().min(1).max(4096).optional(),
  client_assertion_type: z.string().max(128).optional(),
  client_secret: z.string().max(512).optional(),
};

/** What a request offers to authenticate its client with. */
export interface ClientCredentials {
  /** The Authorization request header. */
  authorization: string | undefined;
  client_id?: string;
  client_assertion?: string;
  client_assertion_type?: string;
  client_secret?: string;
}

type Presented =
  | { method: 'client_secret_basic'; clientId: string; secret: string }
  | { method: 'private_key_jwt'; clientId: string; assertion: string };

/**
 * Authenticates the partner with the one method it is registered for
 * (partners.token_endpoint_auth_method): HTTP Basic with its secret (client_secret_basic) or a
 * JWT signed with its key (private_key_jwt). `audience` says where the request arrived, which an
 * assertion must name.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3
 */
export async function authenticateClient(
  env: Env,
  credentials: ClientCredentials,
  audience: AssertionAudience,
  now: number,
): Promise<Partner> {
  const presented = presentedCredentials(credentials);
  if (credentials.client_id !== undefined && credentials.client_id !== presented.clientId) {
    throw new OAuthError('invalid_request', 'client_id does not match the authenticated client.');
  }
  const partner = await findPartner(env.DB, presented.clientId);
  if (presented.method === 'client_secret_basic') {
    const secretMatches = await verifyClientSecret(
      presented.secret,
      partner?.clientSecretHash ?? UNMATCHABLE_CLIENT_SECRET_HASH,
    );
    if (partner) assertAllowedClientAuthentication(partner, presented.method);
    if (!partner || partner.tokenEndpointAuthMethod !== 'client_secret_basic' || !secretMatches) {
      throw new OAuthError('invalid_client', 'Client authentication failed.');
    }
    return partner;
  }
  if (!partner || partner.tokenEndpointAuthMethod !== 'private_key_jwt') {
    throw assertionRefused('Client authentication failed.');
  }
  await verifyClientAssertion(env, partner, presented.assertion, audience, now);
  return partner;
}

/**
 * The one method the request uses. "The client MUST NOT use more than one authentication method
 * in each request" (RFC 6749 §2.3); a secret in the body (client_secret_post) is not offered.
 */
function presentedCredentials(credentials: ClientCredentials): Presented {
  const assertion = credentials.client_assertion !== undefined;
  const basic = credentials.authorization !== undefined;
  const post = credentials.client_secret !== undefined;
  if ([assertion, basic, post].filter(Boolean).length > 1) {
    throw new OAuthError('invalid_request', 'Use exactly one client authentication method.');
  }
  if (post) {
    throw new OAuthError(
      'invalid_client',
      'client_secret in the body (client_secret_post) is not supported.',
      400,
    );
  }
  if (assertion) return presentedAssertion(credentials);
  const parsed = parseBasic(credentials.authorization);
  if (!parsed) {
    throw new OAuthError(
      'invalid_client',
      'Client authentication is required: HTTP Basic or private_key_jwt.',
    );
  }
  return { method: 'client_secret_basic', ...parsed };
}

/**
 * The assertion's client is its `sub` (RFC 7523 §3, item 2), read before the signature is
 * checked only to find whose keys check it.
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-2.2
 */
function presentedAssertion(credentials: ClientCredentials): Presented {
  if (credentials.client_assertion_type !== JWT_BEARER_ASSERTION_TYPE) {
    throw assertionRefused(`client_assertion_type must be ${JWT_BEARER_ASSERTION_TYPE}.`);
  }
  let sub: unknown;
  try {
    sub = decodeJwt(credentials.client_assertion!).sub;
  } catch {
    throw assertionRefused('client_assertion is not a JWT.');
  }
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > 128) {
    throw assertionRefused('client_assertion: sub must be the client_id.');
  }
  return { method: 'private_key_jwt', clientId: sub, assertion: credentials.client_assertion! };
}

/**
 * RFC 6749 §2.3.1: client_id and secret are form-urlencoded before being joined with ":" and
 * base64-encoded, so each half is decoded on its own after splitting at the first colon.
 */
function parseBasic(header: string | undefined): { clientId: string; secret: string } | null {
  const match = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(header?.trim() ?? '');
  if (!match) return null;
  let decoded: string;
  try {
    decoded = atob(match[1]);
  } catch {
    return null;
  }
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  try {
    const formDecode = (part: string) => decodeURIComponent(part.replace(/\+/g, ' '));
    return {
      clientId: formDecode(decoded.slice(0, colon)),
      secret: formDecode(decoded.slice(colon + 1)),
    };
  } catch {
    return null;
  }
}
