import { BANK, BankRefusal, type PartnerClient } from './bank-client.js';
import { withDpop } from './dpop.js';

/** The grant as the bank reports it to its partner (GET /grants/{grant_id}). */
export interface GrantStatus {
  status: 'active' | 'revoked' | 'expired';
  scopes: string[];
  accountIds: string[];
  /** Seconds since the epoch (RFC 7519 NumericDate), as the bank answers them. */
  createdAt: number;
  expiresAt: number;
}

/**
 * One call to the bank's grant management endpoint, authenticated as at its token endpoint:
 * HTTP Basic in the header, or a fresh private_key_jwt assertion in the query (GET and DELETE
 * have no body), with a DPoP proof for a sender-constrained partner. `send` builds the whole
 * request each time, since a nonce retry needs a new assertion.
 * @see https://openid.net/specs/oauth-v2-grant-management.html ("Grant Management API")
 */
async function grantRequest(
  partner: PartnerClient,
  method: 'GET' | 'DELETE',
  grantId: string,
): Promise<Response> {
  const url = new URL(`/grants/${encodeURIComponent(grantId)}`, BANK);
  const send = async (dpop?: string) => {
    const { headers, params } = await partner.authentication();
    const target = new URL(url);
    for (const [name, value] of Object.entries(params)) target.searchParams.set(name, value);
    return fetch(target, { method, headers: { ...headers, ...(dpop && { DPoP: dpop }) } });
  };
  return partner.dpop ? withDpop(method, url, send) : send();
}

async function refusal(path: string, response: Response): Promise<BankRefusal> {
  const body = (await response.json().catch(() => ({}))) as { error?: unknown };
  return new BankRefusal(path, response.status, String(body.error ?? ''));
}

/** Where the grant stands: the end date and status the partner's page shows. */
export async function grantStatus(partner: PartnerClient, grantId: string): Promise<GrantStatus> {
  const response = await grantRequest(partner, 'GET', grantId);
  if (!response.ok) throw await refusal('/grants', response);
  const body = (await response.json()) as {
    status: GrantStatus['status'];
    scopes: { scope: string }[];
    account_ids: string[];
    created_at: number;
    expires_at: number;
  };
  return {
    status: body.status,
    scopes: body.scopes.flatMap(({ scope }) => scope.split(' ')),
    accountIds: body.account_ids,
    createdAt: body.created_at,
    expiresAt: body.expires_at,
  };
}

/** 「連携を解除」: the partner ends the grant, and every token of it, at the bank (204). */
export async function revokeGrant(partner: PartnerClient, grantId: string): Promise<void> {
  const response = await grantRequest(partner, 'DELETE', grantId);
  if (response.status !== 204) throw await refusal('/grants', response);
}
