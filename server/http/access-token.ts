import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env.js';
import { sha256Base64url } from '../crypto/sha256.js';
import { errorDescription } from './error-description.js';
import { DpopRefusal, verifyDpopProof } from '../oauth/dpop.js';
import { SIGNING_ALGORITHMS } from '../oauth/signed-jwt-rules.js';
import { findAccessTokenGrant, type AccessTokenGrant } from '../storage/tokens.js';

type Scheme = 'Bearer' | 'DPoP';

/** What the account API's routes see once the access token is accepted. */
export type ApiEnv = AppEnv & { Variables: { grant: AccessTokenGrant; scheme: Scheme } };

const REALM = 'realm="api-link-auth"';
const DPOP_ALGS = `algs="${SIGNING_ALGORITHMS.join(' ')}"`;

/**
 * Access tokens at the account API: `Bearer` for bearer tokens (RFC 6750), `DPoP` with a proof
 * by the bound key for DPoP-bound ones (RFC 9449 §7). A DPoP-bound token sent as `Bearer`, or
 * with another key's proof, is refused. Every refusal is a 401 whose `WWW-Authenticate` offers
 * both schemes and puts the error in the one the request used.
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-7.1
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-7.2
 */
export const requireAccessToken = createMiddleware<ApiEnv>(async (c, next) => {
  const presented = presentedToken(c.req.header('Authorization'));
  if (!presented) {
    return c.json(
      { error: 'invalid_request', error_description: 'A Bearer or DPoP access token is required.' },
      401,
      { 'WWW-Authenticate': `Bearer ${REALM}, DPoP ${REALM}, ${DPOP_ALGS}` },
    );
  }
  const { scheme, token } = presented;
  const now = Date.now();
  const grant = await findAccessTokenGrant(c.env.DB, await sha256Base64url(token), now);
  if (!grant) {
    return refuse(c, scheme, 'invalid_token', 'The access token is invalid, expired or revoked.');
  }
  if (scheme === 'Bearer' && grant.dpopJkt !== null) {
    return refuse(
      c,
      scheme,
      'invalid_token',
      'This access token is DPoP-bound: send it with DPoP.',
    );
  }
  if (scheme === 'DPoP') {
    if (grant.dpopJkt === null) {
      return refuse(c, scheme, 'invalid_token', 'This access token is not DPoP-bound.');
    }
    const header = c.req.header('DPoP');
    if (header === undefined) {
      return refuse(c, scheme, 'invalid_dpop_proof', 'A DPoP proof is required.');
    }
    try {
      const request = { header, method: c.req.method, url: c.req.url, accessToken: token };
      const proof = await verifyDpopProof(c.env, request, now);
      if (proof.nextNonce) c.header('DPoP-Nonce', proof.nextNonce);
      if (proof.jkt !== grant.dpopJkt) {
        return refuse(c, scheme, 'invalid_token', 'Invalid DPoP key binding.');
      }
    } catch (error) {
      if (!(error instanceof DpopRefusal)) throw error;
      if (error.nonce) c.header('DPoP-Nonce', error.nonce);
      return refuse(c, scheme, error.code, error.description);
    }
  }
  c.set('grant', grant);
  c.set('scheme', scheme);
  await next();
});

/** @see https://www.rfc-editor.org/rfc/rfc6750#section-3.1 (insufficient_scope, 403) */
export const requireScope = (scope: string) =>
  createMiddleware<ApiEnv>(async (c, next) => {
    if (!c.get('grant').scopes.includes(scope)) {
      return refuse(c, c.get('scheme'), 'insufficient_scope', `This requires the ${scope} scope.`, {
        status: 403,
        scope,
      });
    }
    await next();
  });

/**
 * The scheme and the token of the Authorization header (the scheme's name is case-insensitive,
 * RFC 9110 §11.1), or null.
 */
function presentedToken(header: string | undefined): { scheme: Scheme; token: string } | null {
  const match = /^(Bearer|DPoP) ([A-Za-z0-9\-._~+/]+=*)$/i.exec(header ?? '');
  if (!match) return null;
  const scheme = match[1].toLowerCase() === 'dpop' ? 'DPoP' : 'Bearer';
  return { scheme, token: match[2] };
}

/**
 * The refusal: the error in the challenge of the scheme the request used, the other scheme
 * offered beside it. The description, in the body and the challenge alike, keeps to the
 * characters RFC 6750 §3 allows.
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-7.2
 */
function refuse(
  c: Context<ApiEnv>,
  scheme: Scheme,
  error: string,
  description: string,
  { status = 401, scope }: { status?: 401 | 403; scope?: string } = {},
): Response {
  description = errorDescription(description);
  const detail = [`error="${error}"`];
  if (scope) detail.push(`scope="${scope}"`);
  detail.push(`error_description=${quoted(description)}`);
  const bearer = [`Bearer ${REALM}`, ...(scheme === 'Bearer' ? detail : [])].join(', ');
  const dpop = [`DPoP ${REALM}`, ...(scheme === 'DPoP' ? detail : []), DPOP_ALGS].join(', ');
  return c.json({ error, error_description: description }, status, {
    'WWW-Authenticate': `${bearer}, ${dpop}`,
    'Cache-Control': 'no-store',
  });
}

/** An RFC 9110 §5.6.4 quoted-string. */
function quoted(value: string): string {
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}
