import type { PartnerProfile } from '../flow/facts.js';

/** A registered partner (OAuth client), every field of SPEC §2. */
export interface Partner extends PartnerProfile {
  tokenEndpointAuthMethod: 'client_secret_basic';
  clientSecretHash: string | null;
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
  token_endpoint_auth_method: 'client_secret_basic';
  client_secret_hash: string | null;
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
  const row = await db
    .prepare('SELECT * FROM partners WHERE client_id = ?')
    .bind(clientId)
    .first<PartnerRow>();
  return row ? toPartner(row) : null;
}

function toPartner(row: PartnerRow): Partner {
  return {
    clientId: row.client_id,
    service: { ja: row.service_name_ja, en: row.service_name_en },
    company: { ja: row.company_name_ja, en: row.company_name_en },
    tokenEndpointAuthMethod: row.token_endpoint_auth_method,
    clientSecretHash: row.client_secret_hash,
    redirectUris: JSON.parse(row.redirect_uris),
    embeddingOrigins: JSON.parse(row.embedding_origins),
    allowedScopes: JSON.parse(row.allowed_scopes),
    showsScopeSelection: row.shows_scope_selection === 1,
    allowsPlainAuthorizationRequest: row.allows_plain_authorization_request === 1,
    termsUrl: row.terms_url,
    privacyUrl: row.privacy_url,
    detailsUrl: row.details_url,
    authorizationPeriodDays: row.authorization_period_days,
  };
}
