import type { JSONWebKeySet } from 'jose';
import type { PartnerProfile } from '../flow/facts.js';
import { readRow } from './d1-reads.js';

/**
 * `fapi2`: the FAPI 2.0 Security Profile, which requires PAR, private_key_jwt and DPoP
 * (server/oauth/partner-profile.ts); `basic`: client_secret_basic and bearer tokens allowed.
 * @see https://openid.net/specs/fapi-security-profile-2_0-final.html#section-5.3
 */
export type SecurityProfile = 'basic' | 'fapi2';

export type ClientAuthenticationMethod = 'client_secret_basic' | 'private_key_jwt';

/** A registered partner (OAuth client), as migrations 0001 and 0007 define it. */
export interface Partner extends PartnerProfile {
  profile: SecurityProfile;
  tokenEndpointAuthMethod: ClientAuthenticationMethod;
  clientSecretHash: string | null;
  /** The public keys its client assertions are signed with (private_key_jwt), else null. */
  jwks: JSONWebKeySet | null;
  redirectUris: string[];
  embeddingOrigins: string[];
  allowedScopes: string[];
  allowsPlainAuthorizationRequest: boolean;
}

interface PartnerRow {
  client_id: string;
  service_name_ja: string;
  service_name_en: string;
  company_name_ja: string;
  company_name_en: string;
  profile: SecurityProfile;
  token_endpoint_auth_method: ClientAuthenticationMethod;
  client_secret_hash: string | null;
  jwks: string | null;
  redirect_uris: string;
  embedding_origins: string;
  allowed_scopes: string;
  shows_scope_selection: number;
  allows_plain_authorization_request: number;
  terms_url: string;
  privacy_url: string;
  details_url: string;
  authorization_period_days: number;
}

export async function findPartner(db: D1Database, clientId: string): Promise<Partner | null> {
  const statement = db.prepare('SELECT * FROM partners WHERE client_id = ?').bind(clientId);
  const row = await readRow<PartnerRow>(db, statement);
  return row ? toPartner(row) : null;
}

function toPartner(row: PartnerRow): Partner {
  return {
    clientId: row.client_id,
    service: { ja: row.service_name_ja, en: row.service_name_en },
    company: { ja: row.company_name_ja, en: row.company_name_en },
    profile: row.profile,
    tokenEndpointAuthMethod: row.token_endpoint_auth_method,
    clientSecretHash: row.client_secret_hash,
    jwks: row.jwks === null ? null : (JSON.parse(row.jwks) as JSONWebKeySet),
    redirectUris: JSON.parse(row.redirect_uris) as string[],
    embeddingOrigins: JSON.parse(row.embedding_origins) as string[],
    allowedScopes: JSON.parse(row.allowed_scopes) as string[],
    showsScopeSelection: row.shows_scope_selection === 1,
    allowsPlainAuthorizationRequest: row.allows_plain_authorization_request === 1,
    termsUrl: row.terms_url,
    privacyUrl: row.privacy_url,
    detailsUrl: row.details_url,
    authorizationPeriodDays: row.authorization_period_days,
  };
}

/**
 * Whether any partner may send a plain authorization request, without PAR: one registered for it
 * whose profile does not forbid it (FAPI 2.0 partners always push; oauth/partner-profile.ts).
 */
export async function anyPartnerMayRequestWithoutPar(db: D1Database): Promise<boolean> {
  const row = await db
    .prepare(
      `SELECT 1 FROM partners
        WHERE allows_plain_authorization_request = 1 AND profile <> 'fapi2' LIMIT 1`,
    )
    .first();
  return row !== null;
}
