import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { importJWK, SignJWT, type JWK } from 'jose';

/** What one request to the bank's PAR or token endpoint carries to authenticate the partner. */
export interface ClientCredentials {
  headers: Record<string, string>;
  params: Record<string, string>;
}

/** Makes fresh credentials for each request (an assertion is good for one request only). */
export type ClientAuthentication = () => Promise<ClientCredentials>;

/**
 * HTTP Basic with the bank-issued secret; each half form-encoded before joining.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
 */
export function clientSecretBasic(clientId: string, secret: string): ClientAuthentication {
  const encoded = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`);
  return async () => ({
    headers: { Authorization: `Basic ${encoded.toString('base64')}` },
    params: {},
  });
}

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** The bank accepts assertions expiring at most 60 s ahead; 30 s leaves room for clock skew. */
const ASSERTION_LIFETIME = '30s';

/**
 * private_key_jwt: a JWT signed with the partner's private key, `iss` = `sub` = client_id, `aud`
 * the bank's issuer identifier, short-lived, with a `jti` never used before.
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-2.2
 * @see https://openid.net/specs/openid-connect-core-1_0.html#ClientAuthentication
 */
export function privateKeyJwt(
  clientId: string,
  issuer: string,
  jwkFile: URL,
): ClientAuthentication {
  const signingKey = readFile(jwkFile, 'utf8').then(async (text) => {
    const jwk = JSON.parse(text) as JWK;
    return { kid: jwk.kid, key: await importJWK(jwk, 'ES256') };
  });
  return async () => {
    const { kid, key } = await signingKey;
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid })
      .setIssuer(clientId)
      .setSubject(clientId)
      .setAudience(issuer)
      .setIssuedAt()
      .setExpirationTime(ASSERTION_LIFETIME)
      .setJti(randomUUID())
      .sign(key);
    return {
      headers: {},
      params: {
        client_id: clientId,
        client_assertion_type: JWT_BEARER,
        client_assertion: assertion,
      },
    };
  };
}
