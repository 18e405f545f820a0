import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  SignJWT,
  type CryptoKey,
  type JWK,
  type JWTPayload,
} from 'jose';
import * as oauth from 'oauth4webapi';
import { ISSUER, REDIRECT_URI, authorizeDemo, pkcePair } from './actors.js';
import type { Bank } from './harness.js';

/**
 * A FAPI 2.0 partner's backend, spoken through oauth4webapi: a strict client written
 * independently of this server, which implements private_key_jwt, DPoP and the RFC 9207 `iss`
 * check, so a flow it completes is one any conforming client completes.
 */

export interface SigningKey {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  /** The public JWK as the bank registers it, with `kid` (its thumbprint) and `alg`. */
  publicJwk: JWK;
}

/**
 * A key pair for one of the algorithms the bank accepts (or refuses, in tests). An Ed25519 key is
 * registered without `alg`, so that it verifies both `EdDSA` and `Ed25519` (RFC 9864), the
 * name oauth4webapi signs with.
 */
export async function signingKey(alg: 'ES256' | 'PS256' | 'EdDSA' | 'RS256'): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(jwk);
  return {
    privateKey,
    publicKey,
    publicJwk: alg === 'EdDSA' ? { ...jwk, kid } : { ...jwk, kid, alg },
  };
}

/** A DPoP key pair as oauth4webapi takes it (the public half extractable). */
export async function dpopKey(alg: 'ES256' | 'PS256' | 'EdDSA' = 'ES256'): Promise<CryptoKeyPair> {
  return (await generateKeyPair(alg, { extractable: true })) as CryptoKeyPair;
}

/** Every request of oauth4webapi goes to the Worker under test, over plain http. */
export function transport(bank: Bank) {
  return {
    [oauth.customFetch]: (url: string, init: oauth.CustomFetchOptions<string, unknown>) => {
      const { pathname, search } = new URL(url);
      return bank.fetch(pathname + search, init as RequestInit);
    },
    [oauth.allowInsecureRequests]: true,
  };
}

/** The bank's metadata (RFC 8414), discovered and checked by oauth4webapi. */
export async function discover(bank: Bank): Promise<oauth.AuthorizationServer> {
  const issuer = new URL(ISSUER);
  const response = await oauth.discoveryRequest(issuer, {
    algorithm: 'oauth2',
    ...transport(bank),
  });
  return oauth.processDiscoveryResponse(issuer, response);
}

export interface FapiPartner {
  as: oauth.AuthorizationServer;
  client: oauth.Client;
  clientAuth: oauth.ClientAuth;
  key: SigningKey;
}

export function fapiPartner(
  as: oauth.AuthorizationServer,
  clientId: string,
  key: SigningKey,
  options?: oauth.ModifyAssertionOptions,
): FapiPartner {
  const clientAuth = oauth.PrivateKeyJwt({ key: key.privateKey, kid: key.publicJwk.kid }, options);
  return { as, client: { client_id: clientId }, clientAuth, key };
}

export interface Pushed {
  requestUri: string;
  verifier: string;
  state: string;
  clientId: string;
}

/** PAR with private_key_jwt and, when given, a DPoP proof binding the code to its key. */
export async function push(
  bank: Bank,
  partner: FapiPartner,
  DPoP?: oauth.DPoPHandle,
  parameters: Record<string, string> = {},
): Promise<Pushed> {
  const { verifier, challenge } = pkcePair();
  const state = oauth.generateRandomState();
  const response = await oauth.pushedAuthorizationRequest(
    partner.as,
    partner.client,
    partner.clientAuth,
    {
      response_type: 'code',
      redirect_uri: REDIRECT_URI,
      scope: 'balance transactions',
      state,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      ...parameters,
    },
    { DPoP, ...transport(bank) },
  );
  const { request_uri } = await oauth.processPushedAuthorizationResponse(
    partner.as,
    partner.client,
    response,
  );
  return { requestUri: request_uri, verifier, state, clientId: partner.client.client_id };
}

/** The customer completes the flow; the callback is checked as the partner must (RFC 9207). */
export async function authorize(bank: Bank, partner: FapiPartner, pushed: Pushed) {
  // No secret: this partner authenticates with its key, and the customer's steps need none.
  const { params } = await authorizeDemo(bank, { ...pushed, secret: '' });
  return oauth.validateAuthResponse(
    partner.as,
    partner.client,
    new URLSearchParams(params),
    pushed.state,
  );
}

export function exchange(
  bank: Bank,
  partner: FapiPartner,
  pushed: Pushed,
  callback: URLSearchParams,
  DPoP?: oauth.DPoPHandle,
) {
  return oauth.authorizationCodeGrantRequest(
    partner.as,
    partner.client,
    partner.clientAuth,
    callback,
    REDIRECT_URI,
    pushed.verifier,
    { DPoP, ...transport(bank) },
  );
}

export function refresh(
  bank: Bank,
  partner: FapiPartner,
  refreshToken: string,
  DPoP?: oauth.DPoPHandle,
  additionalParameters?: Record<string, string>,
) {
  return oauth.refreshTokenGrantRequest(
    partner.as,
    partner.client,
    partner.clientAuth,
    refreshToken,
    {
      DPoP,
      additionalParameters,
      ...transport(bank),
    },
  );
}

/** GET on the account API with a DPoP-bound token; a refusal throws WWWAuthenticateChallengeError. */
export function callApi(bank: Bank, path: string, accessToken: string, DPoP?: oauth.DPoPHandle) {
  return oauth.protectedResourceRequest(
    accessToken,
    'GET',
    new URL(`${ISSUER}${path}`),
    new Headers(),
    null,
    { DPoP, ...transport(bank) },
  );
}

/** The error oauth4webapi read from a refused token or PAR request. */
export async function refusal(
  request: Promise<unknown>,
): Promise<{ error: string; status: number }> {
  try {
    await request;
  } catch (error) {
    if (error instanceof oauth.ResponseBodyError)
      return { error: error.error, status: error.status };
    throw error;
  }
  assert.fail('the request was not refused');
}

/** The challenge of the scheme that carried the error, as oauth4webapi parsed it. */
export async function challengeOf(request: Promise<Response>) {
  try {
    await request;
  } catch (error) {
    if (error instanceof oauth.WWWAuthenticateChallengeError) {
      const withError = error.cause.find((challenge) => challenge.parameters.error);
      return { status: error.status, challenges: error.cause, ...withError! };
    }
    throw error;
  }
  assert.fail('the request was not refused');
}

/** A client assertion made by hand, for claims oauth4webapi would never send. */
export function assertion(
  key: CryptoKey,
  alg: string,
  claims: JWTPayload,
  kid?: string,
): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg, ...(kid ? { kid } : {}) }).sign(key);
}

/** The claims oauth4webapi puts in a client assertion, for `modifyAssertion` to change. */
export function assertionClaims(clientId: string, overrides: JWTPayload = {}): JWTPayload {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: clientId,
    sub: clientId,
    aud: ISSUER,
    jti: randomUUID(),
    iat: now,
    exp: now + 60,
    ...overrides,
  };
}

/** A DPoP proof made by hand, for the proofs a correct client would never send. */
export async function dpopProof(
  keyPair: CryptoKeyPair,
  alg: string,
  claims: JWTPayload,
  header: Record<string, unknown> = {},
): Promise<string> {
  const jwk = await exportJWK(keyPair.publicKey);
  return new SignJWT({ jti: randomUUID(), iat: Math.floor(Date.now() / 1000), ...claims })
    .setProtectedHeader({ alg, typ: 'dpop+jwt', jwk, ...header })
    .sign(keyPair.privateKey);
}

/** The `ath` of an access token: base64url SHA-256 (RFC 9449 §4.2). */
export async function ath(accessToken: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(accessToken));
  return Buffer.from(digest).toString('base64url');
}
