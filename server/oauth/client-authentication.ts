import { UNMATCHABLE_CLIENT_SECRET_HASH, verifyClientSecret } from '../crypto/client-secret.js';
import { OAuthError } from '../http/oauth-error.js';
import { findPartner, type Partner } from '../storage/partners.js';

/**
 * Authenticates the partner with HTTP Basic (client_secret_basic). The method is per partner
 * (partners.token_endpoint_auth_method), so private_key_jwt can be added beside it.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
 */
export async function authenticateClient(
  db: D1Database,
  authorization: string | undefined,
  bodyClientId: string | undefined,
): Promise<Partner> {
  const credentials = parseBasic(authorization);
  if (!credentials) {
    throw new OAuthError('invalid_client', 'Client authentication with HTTP Basic is required.');
  }
  if (bodyClientId !== undefined && bodyClientId !== credentials.clientId) {
    throw new OAuthError('invalid_request', 'client_id does not match the authenticated client.');
  }
  const partner = await findPartner(db, credentials.clientId);
  const secretMatches = await verifyClientSecret(
    credentials.secret,
    partner?.clientSecretHash ?? UNMATCHABLE_CLIENT_SECRET_HASH,
  );
  if (!partner || partner.tokenEndpointAuthMethod !== 'client_secret_basic' || !secretMatches) {
    throw new OAuthError('invalid_client', 'Client authentication failed.');
  }
  return partner;
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
    return { clientId: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
  } catch {
    return null;
  }
}
