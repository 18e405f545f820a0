import { createHash, randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

/**
 * The partner backend's DPoP key (RFC 9449): generated at start-up and kept in memory only, so a
 * stolen access token is worthless without this process. It is not the key that signs client
 * assertions: proof of possession and client authentication are separate jobs.
 */
const keyPair = generateKeyPair('ES256');

/** The latest `DPoP-Nonce` each server handed out (RFC 9449 §8.2 and §9), by origin. */
const nonces = new Map<string, string>();

/**
 * A DPoP proof JWT for one request. `htu` is the URL without query and fragment; with an access
 * token, `ath` is its SHA-256 hash, binding the proof to that token.
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-4.2
 */
async function proof(method: string, url: URL, accessToken?: string): Promise<string> {
  const { privateKey, publicKey } = await keyPair;
  const nonce = nonces.get(url.origin);
  return new SignJWT({
    htm: method,
    htu: `${url.origin}${url.pathname}`,
    ...(accessToken && { ath: createHash('sha256').update(accessToken).digest('base64url') }),
    ...(nonce && { nonce }),
  })
    .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: await exportJWK(publicKey) })
    .setJti(randomUUID())
    .setIssuedAt()
    .sign(privateKey);
}

/**
 * Sends a request with a fresh DPoP proof, and once more with the server's nonce if it asks for
 * one. `send` builds the whole request each time: a retry must not reuse a client assertion,
 * whose `jti` the bank accepts only once.
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-8 (authorization server nonce)
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-9 (resource server nonce)
 */
export async function withDpop(
  method: string,
  url: URL,
  send: (dpop: string) => Promise<Response>,
  accessToken?: string,
): Promise<Response> {
  const attempt = async () => {
    const response = await send(await proof(method, url, accessToken));
    const nonce = response.headers.get('DPoP-Nonce');
    if (nonce) nonces.set(url.origin, nonce);
    return response;
  };
  const response = await attempt();
  return response.headers.has('DPoP-Nonce') && (await asksForNonce(response))
    ? attempt()
    : response;
}

/** `use_dpop_nonce`: in the token endpoint's error body, or in the API's challenge. */
async function asksForNonce(response: Response): Promise<boolean> {
  if (response.status === 401) {
    return /error="use_dpop_nonce"/.test(response.headers.get('WWW-Authenticate') ?? '');
  }
  if (response.status !== 400) return false;
  const body = (await response
    .clone()
    .json()
    .catch(() => ({}))) as { error?: unknown };
  return body.error === 'use_dpop_nonce';
}
