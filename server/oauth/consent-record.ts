import { SignJWT } from 'jose';
import type { CustomerAccount, FlowFacts } from '../flow/facts.js';
import type { GrantPlan } from '../flow/steps/consent.js';
import type { ConsentRecordClaims } from './consent-record-claims.js';
import { CONSENT_SIGNING_ALGORITHM, consentSigningKey } from './consent-signing-key.js';

export type { ConsentRecordClaims };

/** A signed record as stored (server/storage/consent-records.ts) and handed to the partner. */
export interface ConsentRecord {
  recordId: string;
  grantId: string;
  status: ConsentRecordClaims['status'];
  recordedAt: number;
  claims: ConsentRecordClaims;
  /** The compact JWS (ES256), verifiable with the key at /.well-known/jwks.json. */
  jws: string;
}

/** The `typ` of a consent record, so that it cannot pass for any other JWT the bank signs. */
export const CONSENT_RECORD_TYPE = 'consent-record+jwt';

/**
 * The record of 許可, signed before the authorization commit that stores it with the grant:
 * `given` for a new grant, `renewed` for a re-consent to an existing one.
 */
export function grantedConsentRecord(
  env: Env,
  grantId: string,
  plan: GrantPlan,
  facts: FlowFacts,
  status: 'given' | 'renewed' = 'given',
): Promise<ConsentRecord> {
  const granted = new Set(plan.accountIds);
  return signConsentRecord(env, {
    record_id: crypto.randomUUID(),
    grant_id: grantId,
    controller: { name: facts.bank, issuer: env.ISSUER, jurisdiction: 'JP' },
    partner: {
      client_id: facts.partner.clientId,
      service: facts.partner.service,
      company: facts.partner.company,
    },
    services: plan.scopes.map((scope) => ({
      scope,
      label: facts.scopeCatalog.find((known) => known.name === scope)?.label ?? {
        ja: scope,
        en: scope,
      },
    })),
    accounts: facts.accounts.filter((account) => granted.has(account.id)).map(maskedAccount),
    period: { start: rfc3339(plan.createdAt), end: rfc3339(plan.expiresAt) },
    time: rfc3339(plan.createdAt),
    method: 'web-form',
    status,
  });
}

/**
 * The record of a grant's end: the consent as given, now `revoked` by the partner or `withdrawn`
 * by the customer, at `now`.
 */
export function revocationConsentRecord(
  env: Env,
  given: ConsentRecordClaims,
  by: 'partner' | 'customer',
  now: number,
): Promise<ConsentRecord> {
  return signConsentRecord(env, {
    ...given,
    record_id: crypto.randomUUID(),
    time: rfc3339(now),
    method: by === 'partner' ? 'grant-management-api' : 'web-form',
    status: by === 'partner' ? 'revoked' : 'withdrawn',
  });
}

/**
 * Signs the claims as a JWT whose `iss` is the bank, `iat` the event's time and `jti` the record
 * id, with the `kid` of the published key.
 * @see https://www.rfc-editor.org/rfc/rfc7519#section-4.1
 * @see https://www.rfc-editor.org/rfc/rfc8725#section-3.11 (explicit typing)
 */
async function signConsentRecord(env: Env, claims: ConsentRecordClaims): Promise<ConsentRecord> {
  const key = await consentSigningKey(env);
  const recordedAt = Date.parse(claims.time);
  const jws = await new SignJWT({ ...claims })
    .setProtectedHeader({ alg: CONSENT_SIGNING_ALGORITHM, kid: key.kid, typ: CONSENT_RECORD_TYPE })
    .setIssuer(claims.controller.issuer)
    .setIssuedAt(Math.floor(recordedAt / 1000))
    .setJti(claims.record_id)
    .sign(key.privateKey);
  return {
    recordId: claims.record_id,
    grantId: claims.grant_id,
    status: claims.status,
    recordedAt,
    claims,
    jws,
  };
}

function maskedAccount(account: CustomerAccount): ConsentRecordClaims['accounts'][number] {
  const number = account.accountNumber;
  return {
    branch: account.branchName,
    type: account.accountType,
    number: '*'.repeat(Math.max(0, number.length - 4)) + number.slice(-4),
  };
}

function rfc3339(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
