import { calculateJwkThumbprint, importJWK, type CryptoKey, type JWK } from 'jose';

/** The one algorithm consent records are signed with. */
export const CONSENT_SIGNING_ALGORITHM = 'ES256';

export interface ConsentSigningKey {
  privateKey: CryptoKey;
  /** `kid` of the key, as published at /.well-known/jwks.json and named in each record's header. */
  kid: string;
  /** The public half, as published: no private member, with `kid`, `alg` and `use`. */
  publicJwk: JWK;
}

/** Private members of a JWK (RFC 7518 §6.2.2) and the private half's own uses: never published. */
const PRIVATE_MEMBERS = new Set(['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k', 'key_ops', 'ext']);

let cached: { secret: string; key: Promise<ConsentSigningKey> } | null = null;

/**
 * The bank's consent-record signing key, from the Worker secret CONSENT_SIGNING_JWK (a private
 * P-256 JWK; `npm start` generates one into .dev.vars, the server tests pass one as a binding).
 * Its `kid` is the one the JWK names, else its RFC 7638 thumbprint. Parsed once per isolate.
 * A missing or malformed key throws: no grant is committed without its signed record.
 * @see https://www.rfc-editor.org/rfc/rfc7518#section-3.4
 */
export function consentSigningKey(env: Env): Promise<ConsentSigningKey> {
  const secret = env.CONSENT_SIGNING_JWK;
  if (cached?.secret !== secret) cached = { secret, key: parseSigningKey(secret) };
  return cached.key;
}

async function parseSigningKey(secret: string | undefined): Promise<ConsentSigningKey> {
  if (!secret) throw new Error('CONSENT_SIGNING_JWK is not set.');
  const jwk = JSON.parse(secret) as JWK;
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || typeof jwk.d !== 'string') {
    throw new Error('CONSENT_SIGNING_JWK must be a private P-256 JWK.');
  }
  const publicMembers = Object.entries(jwk).filter(([name]) => !PRIVATE_MEMBERS.has(name));
  const publicJwk: JWK = Object.fromEntries(publicMembers);
  const kid = jwk.kid ?? (await calculateJwkThumbprint(publicJwk));
  return {
    privateKey: (await importJWK(jwk, CONSENT_SIGNING_ALGORITHM)) as CryptoKey,
    kid,
    publicJwk: { ...publicJwk, kid, alg: CONSENT_SIGNING_ALGORITHM, use: 'sig' },
  };
}
