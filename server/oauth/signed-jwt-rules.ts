/**
 * The JWS algorithms accepted for client assertions and DPoP proofs: the FAPI 2.0 list, never
 * RS256, `none` or a MAC. EdDSA (over Ed25519) is also accepted under its fully-specified name
 * `Ed25519`, which current clients such as oauth4webapi send.
 * @see https://openid.net/specs/fapi-security-profile-2_0-final.html#section-5.4 (item 1)
 * @see https://www.rfc-editor.org/rfc/rfc9864#section-2.2
 */
export const SIGNING_ALGORITHMS = ['PS256', 'ES256', 'EdDSA', 'Ed25519'];

/**
 * How far ahead of the bank's clock a partner's clock may run: JWTs whose `iat` or `nbf` lies up
 * to 10 seconds in the future are accepted, later ones refused.
 * @see https://openid.net/specs/fapi-security-profile-2_0-final.html#section-5.3.2.1 (item 13)
 */
export const CLOCK_SKEW_S = 10;

/** A client assertion may not expire more than this after it is received (RFC 7523 §3, item 4). */
export const CLIENT_ASSERTION_MAX_LIFETIME_S = 60;

/**
 * A DPoP proof is accepted this long after its `iat`: long enough for a request in flight, short
 * enough that its `jti` needs remembering for only a minute.
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-11.1
 */
export const DPOP_PROOF_MAX_AGE_S = 60;

/** A `jti` longer than this is refused rather than stored. */
export const MAX_JTI_LENGTH = 256;
