import {
  calculateJwkThumbprint,
  EmbeddedJWK,
  errors,
  jwtVerify,
  type JWTHeaderParameters,
  type JWTPayload,
} from 'jose';
import { sha256Base64url } from '../crypto/sha256.js';
import { useJtiOnce } from '../storage/used-jtis.js';
import { dpopNonces } from './dpop-nonce.js';
import {
  CLOCK_SKEW_S,
  DPOP_PROOF_MAX_AGE_S,
  MAX_JTI_LENGTH,
  SIGNING_ALGORITHMS,
} from './signed-jwt-rules.js';

/** The RFC 7638 SHA-256 thumbprint of a public key: how tokens and codes name the key they are bound to. */
export const JKT_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Why a DPoP proof was refused: `invalid_dpop_proof`, or `use_dpop_nonce` with the nonce to use
 * next. The endpoint renders it: as an RFC 6749 error at the authorization server (RFC 9449 §5,
 * §8), as a `WWW-Authenticate: DPoP` challenge at the account API (§7.1, §9).
 */
export class DpopRefusal extends Error {
  constructor(
    readonly code: 'invalid_dpop_proof' | 'use_dpop_nonce',
    readonly description: string,
    readonly nonce?: string,
  ) {
    super(description);
    this.name = 'DpopRefusal';
  }
}

export interface DpopRequest {
  /** The DPoP header as received; several headers arrive joined by commas. */
  header: string;
  method: string;
  url: string;
  /** At the account API: the access token the proof must name in `ath`. */
  accessToken?: string;
}

export interface DpopProof {
  /** The thumbprint of the proof's key, which a token or code is bound to (`cnf.jkt`). */
  jkt: string;
  /** The nonce to hand the client in `DPoP-Nonce`, when it did not use the current one. */
  nextNonce?: string;
}

/**
 * Checks a DPoP proof as RFC 9449 §4.3 lists, each rule a guard below, and uses up its `jti`.
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-4.3
 */
export async function verifyDpopProof(
  env: Env,
  request: DpopRequest,
  now: number,
): Promise<DpopProof> {
  const proof = singleProof(request.header);
  const { payload, protectedHeader } = await verifiedProof(proof, now);
  assertSameMethod(payload.htm, request.method);
  assertSameUri(payload.htu, request.url);
  const iat = recentIat(payload.iat, now);
  if (request.accessToken !== undefined)
    await assertAccessTokenHash(payload.ath, request.accessToken);
  const nextNonce = await checkedNonce(env, payload.nonce, now);
  const jkt = await calculateJwkThumbprint(protectedHeader.jwk!, 'sha256');
  await assertFirstUse(env, jkt, payload.jti, iat, now);
  return nextNonce === undefined ? { jkt } : { jkt, nextNonce };
}

/**
 * "there is not more than one DPoP HTTP request header field" and its value is one JWT (§4.3,
 * items 1 and 2): the header is token68, so a comma or a space means several.
 */
function singleProof(header: string): string {
  if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(header)) {
    throw new DpopRefusal('invalid_dpop_proof', 'The DPoP header must hold exactly one JWT.');
  }
  return header;
}

/**
 * `typ` dpop+jwt, an allowed asymmetric `alg`, a public `jwk` that verifies the signature, and
 * every required claim (§4.3, items 3 to 7). `exp` and `nbf`, which the RFC does not define,
 * are checked when present.
 */
async function verifiedProof(
  proof: string,
  now: number,
): Promise<{ payload: JWTPayload; protectedHeader: JWTHeaderParameters }> {
  try {
    return await jwtVerify(proof, EmbeddedJWK, {
      typ: 'dpop+jwt',
      algorithms: SIGNING_ALGORITHMS,
      requiredClaims: ['jti', 'htm', 'htu', 'iat'],
      clockTolerance: CLOCK_SKEW_S,
      currentDate: new Date(now),
    });
  } catch (error) {
    throw new DpopRefusal('invalid_dpop_proof', `DPoP proof: ${reason(error)}`);
  }
}

/** What was wrong, in words that quote nothing from the proof. */
function reason(error: unknown): string {
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return `alg must be one of ${SIGNING_ALGORITHMS.join(', ')}.`;
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    return `the ${error.claim} ${error.claim === 'typ' ? 'header' : 'claim'} is missing or not acceptable.`;
  }
  if (error instanceof errors.JWTExpired) return 'it has expired.';
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return 'the signature does not verify.';
  return 'not a JWT signed by the public key in its jwk header.';
}

/** §4.3 item 8. */
function assertSameMethod(htm: unknown, method: string): void {
  if (htm !== method) {
    throw new DpopRefusal(
      'invalid_dpop_proof',
      'DPoP proof: htm does not match the request method.',
    );
  }
}

/**
 * §4.3 item 9: the request's URI without query and fragment; both sides are parsed, so that
 * syntax-based normalization (case of scheme and host, default port) does not matter.
 */
function assertSameUri(htu: unknown, url: string): void {
  if (typeof htu !== 'string' || withoutQuery(htu) !== withoutQuery(url)) {
    throw new DpopRefusal('invalid_dpop_proof', 'DPoP proof: htu does not match the request URI.');
  }
}

function withoutQuery(value: string): string | null {
  try {
    const parsed = new URL(value);
    parsed.search = '';
    parsed.hash = '';
    return parsed.href;
  } catch {
    return null;
  }
}

/** §4.3 item 11: made within the last minute, by a clock at most CLOCK_SKEW_S ahead. */
function recentIat(iat: unknown, now: number): number {
  const nowS = now / 1000;
  if (typeof iat !== 'number' || iat > nowS + CLOCK_SKEW_S || iat < nowS - DPOP_PROOF_MAX_AGE_S) {
    throw new DpopRefusal('invalid_dpop_proof', 'DPoP proof: iat is not recent.');
  }
  return iat;
}

/** §4.3 item 12: the proof names the token it is sent with, so it cannot travel with another. */
async function assertAccessTokenHash(ath: unknown, accessToken: string): Promise<void> {
  if (ath !== (await sha256Base64url(accessToken))) {
    throw new DpopRefusal('invalid_dpop_proof', 'DPoP proof: ath does not match the access token.');
  }
}

/**
 * §4.3 item 10, when this Worker issues nonces (dpop-nonce.ts): a missing, foreign or stale
 * nonce is `use_dpop_nonce` with the current one (§8). Answers the nonce to hand out next, if
 * the proof's is no longer the current one.
 */
async function checkedNonce(env: Env, nonce: unknown, now: number): Promise<string | undefined> {
  const nonces = dpopNonces(env);
  if (!nonces) return undefined;
  const current = await nonces.current(now);
  if (typeof nonce !== 'string' || !(await nonces.isRecent(nonce, now))) {
    throw new DpopRefusal('use_dpop_nonce', 'DPoP proof: use the nonce in DPoP-Nonce.', current);
  }
  return nonce === current ? undefined : current;
}

/**
 * A proof is used once (§11.1): its `jti` is remembered, per key, for as long as its `iat` keeps
 * it acceptable.
 */
async function assertFirstUse(
  env: Env,
  jkt: string,
  jti: unknown,
  iat: number,
  now: number,
): Promise<void> {
  if (typeof jti !== 'string' || jti.length === 0 || jti.length > MAX_JTI_LENGTH) {
    throw new DpopRefusal('invalid_dpop_proof', 'DPoP proof: jti must be a short string.');
  }
  const expiresAt = (iat + DPOP_PROOF_MAX_AGE_S + 1) * 1000;
  if (!(await useJtiOnce(env, `dpop ${jkt}`, jti, expiresAt, now))) {
    throw new DpopRefusal('invalid_dpop_proof', 'DPoP proof: this jti was already used.');
  }
}
