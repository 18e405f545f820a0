import { createLocalJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import { OAuthError } from '../http/oauth-error.js';
import type { Partner } from '../storage/partners.js';
import { useJtiOnce } from '../storage/used-jtis.js';
import {
  CLIENT_ASSERTION_MAX_LIFETIME_S,
  CLOCK_SKEW_S,
  MAX_JTI_LENGTH,
  SIGNING_ALGORITHMS,
} from './signed-jwt-rules.js';

export const JWT_BEARER_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/**
 * A refused assertion is `invalid_client` with 400: 401 would need a `WWW-Authenticate`
 * challenge, and there is none for a credential sent in the body (RFC 6749 §5.2 leaves 401 to
 * clients that used the Authorization header).
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 */
export function assertionRefused(description: string): OAuthError {
  return new OAuthError('invalid_client', description, 400);
}

/** Where an assertion was received, which decides the audiences it may name. */
export interface AssertionAudience {
  /** The authorization server's issuer identifier (RFC 8414 §2). */
  issuer: string;
  /** The URL of the endpoint that received the assertion, without query. */
  endpointUrl: string;
}

/**
 * private_key_jwt: a JWT signed with one of the partner's registered keys, naming the partner as
 * `iss` and `sub` and the bank as `aud`, short-lived and used once. Every failure is
 * `invalid_client`.
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-3
 * @see https://openid.net/specs/openid-connect-core-1_0.html#ClientAuthentication
 */
export async function verifyClientAssertion(
  env: Env,
  partner: Partner,
  assertion: string,
  audience: AssertionAudience,
  now: number,
): Promise<void> {
  if (!partner.jwks) {
    throw assertionRefused('The client has no registered keys.');
  }
  const payload = await verifiedClaims(partner, assertion, now);
  assertIntendedAudience(partner, payload.aud, audience);
  const exp = payload.exp as number;
  assertShortLived(exp, now);
  assertNotIssuedInTheFuture(payload.iat, now);
  await assertFirstUse(env, partner, payload.jti, exp, now);
}

/**
 * Signature by a registered key with an allowed algorithm; `iss` and `sub` the client; `exp`
 * present and not passed, `nbf` passed (each with the allowed skew).
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-3 (items 1, 2, 4, 5 and 9)
 */
async function verifiedClaims(partner: Partner, assertion: string, now: number) {
  try {
    const { payload } = await jwtVerify(assertion, createLocalJWKSet(partner.jwks!), {
      algorithms: SIGNING_ALGORITHMS,
      issuer: partner.clientId,
      subject: partner.clientId,
      requiredClaims: ['exp', 'jti'],
      clockTolerance: CLOCK_SKEW_S,
      currentDate: new Date(now),
    });
    return payload;
  } catch (error) {
    throw assertionRefused(`client_assertion: ${reason(error)}`);
  }
}

/** What was wrong, in words that quote nothing from the assertion. */
function reason(error: unknown): string {
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return `alg must be one of ${SIGNING_ALGORITHMS.join(', ')}.`;
  }
  if (error instanceof errors.JWTExpired) return 'the assertion has expired.';
  if (error instanceof errors.JWTClaimValidationFailed) {
    return `the ${error.claim} claim is missing or not acceptable.`;
  }
  if (error instanceof errors.JWKSNoMatchingKey) return 'no registered key matches it.';
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return 'the signature does not verify.';
  return 'not a JWT signed with a registered key.';
}

/**
 * The bank's issuer identifier, as a single string for FAPI 2.0 partners: naming an endpoint, or
 * several audiences, is what an audience-injection attack relies on. Other partners may also
 * name the endpoint that received the assertion, as OpenID Connect Core §9 has them do.
 * @see https://openid.net/specs/fapi-security-profile-2_0-final.html#section-5.3.2.1 (item 8)
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-3 (item 3)
 */
function assertIntendedAudience(
  partner: Partner,
  aud: JWTPayload['aud'],
  { issuer, endpointUrl }: AssertionAudience,
): void {
  if (partner.profile === 'fapi2') {
    if (aud !== issuer) {
      throw assertionRefused(`client_assertion: aud must be the string ${issuer}.`);
    }
    return;
  }
  const named = typeof aud === 'string' ? [aud] : (aud ?? []);
  if (!named.some((value) => value === issuer || value === endpointUrl)) {
    throw assertionRefused(`client_assertion: aud must name ${issuer} or ${endpointUrl}.`);
  }
}

/** Refuses an assertion that would stay valid longer than a minute (plus skew). */
function assertShortLived(exp: number, now: number): void {
  if (exp > now / 1000 + CLIENT_ASSERTION_MAX_LIFETIME_S + CLOCK_SKEW_S) {
    throw assertionRefused(
      `client_assertion: exp may be at most ${CLIENT_ASSERTION_MAX_LIFETIME_S} seconds ahead.`,
    );
  }
}

/** @see https://openid.net/specs/fapi-security-profile-2_0-final.html#section-5.3.2.1 (item 13) */
function assertNotIssuedInTheFuture(iat: unknown, now: number): void {
  if (iat === undefined) return;
  if (typeof iat !== 'number' || iat > now / 1000 + CLOCK_SKEW_S) {
    throw assertionRefused('client_assertion: iat lies in the future.');
  }
}

/**
 * "The authorization server MAY ensure that JWTs are not replayed by maintaining the set of used
 * jti values for the length of time for which the JWT would be considered valid": done, so a
 * captured assertion cannot authenticate anyone again.
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-3 (item 7)
 */
async function assertFirstUse(env: Env, partner: Partner, jti: unknown, exp: number, now: number) {
  if (typeof jti !== 'string' || jti.length === 0 || jti.length > MAX_JTI_LENGTH) {
    throw assertionRefused('client_assertion: jti must be a short string.');
  }
  const expiresAt = (exp + CLOCK_SKEW_S) * 1000;
  if (!(await useJtiOnce(env, `client-assertion ${partner.clientId}`, jti, expiresAt, now))) {
    throw assertionRefused('client_assertion: this jti was already used.');
  }
}
