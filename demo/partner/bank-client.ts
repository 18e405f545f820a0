import { createHash, randomBytes } from 'node:crypto';
import { DEMO_BANK_ORIGIN, DEMO_PARTNER_ORIGIN } from '../bank-data.js';
import type { ClientAuthentication } from './client-authentication.js';
import { withDpop } from './dpop.js';

/**
 * The partner's OAuth client, as a FinTech backend would write it: PAR with PKCE S256, the code
 * exchange, and reads of the account API. A partner registered for the FAPI 2.0 profile
 * authenticates with private_key_jwt and binds every step to its DPoP key; the others use
 * client_secret_basic and bearer tokens. Keys and secrets never leave this backend.
 */
export interface PartnerClient {
  clientId: string;
  authentication: ClientAuthentication;
  /** Sender-constrained tokens (RFC 9449), as the FAPI 2.0 Security Profile §5.3.2.2 requires. */
  dpop: boolean;
}

export const BANK = DEMO_BANK_ORIGIN;
export const REDIRECT_URI = `${DEMO_PARTNER_ORIGIN}/callback`;

export interface PendingAuthorization {
  requestUri: string;
  state: string;
  codeVerifier: string;
}

/** The bank refused a request of the partner's backend: its RFC 6749 §5.2 error, or a status. */
export class BankRefusal extends Error {
  constructor(
    readonly path: string,
    readonly status: number,
    readonly error: string,
  ) {
    super(`${path}: ${status} ${error}`);
  }
}

async function postForm(partner: PartnerClient, path: string, values: Record<string, string>) {
  const url = new URL(path, BANK);
  const send = async (dpop?: string) => {
    const { headers, params } = await partner.authentication();
    return fetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        ...headers,
        ...(dpop && { DPoP: dpop }),
      },
      body: new URLSearchParams({ ...values, ...params }),
    });
  };
  const response = partner.dpop ? await withDpop('POST', url, send) : await send();
  const body = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new BankRefusal(path, response.status, String(body.error));
  return body;
}

export type ResponseMode = 'query' | 'web_message';

/**
 * Pushes the authorization request; with DPoP, the proof binds it to the key (RFC 9449 §10).
 * With `replacing`, it asks the customer to consent again to that grant, which keeps its
 * `grant_id` and takes the new consent in place of the old (`grant_management_action=replace`).
 * @see https://openid.net/specs/oauth-v2-grant-management.html ("Authorization Request")
 */
export async function pushAuthorizationRequest(
  partner: PartnerClient,
  responseMode: ResponseMode,
  replacing?: string,
): Promise<PendingAuthorization> {
  const codeVerifier = randomBytes(32).toString('base64url');
  const state = randomBytes(16).toString('base64url');
  const body = await postForm(partner, '/par', {
    response_type: 'code',
    redirect_uri: REDIRECT_URI,
    scope: 'balance transactions',
    state,
    code_challenge: createHash('sha256').update(codeVerifier).digest('base64url'),
    code_challenge_method: 'S256',
    response_mode: responseMode,
    ...(replacing && { grant_id: replacing, grant_management_action: 'replace' }),
  });
  return { requestUri: body.request_uri as string, state, codeVerifier };
}

export interface Tokens {
  clientId: string;
  /** The grant the tokens act under (Grant Management's `grant_id` of the token response). */
  grantId: string;
  tokenType: 'Bearer' | 'DPoP';
  accessToken: string;
  refreshToken: string;
  scopes: string[];
}

export async function exchangeCode(
  partner: PartnerClient,
  code: string,
  codeVerifier: string,
): Promise<Tokens> {
  const body = await postForm(partner, '/token', {
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT_URI,
    code_verifier: codeVerifier,
  });
  const tokenType = String(body.token_type).toLowerCase() === 'dpop' ? 'DPoP' : 'Bearer';
  // A bearer token answering a DPoP request would be usable by whoever steals it (RFC 9449 §5).
  if (partner.dpop && tokenType !== 'DPoP') throw new Error('/token: not a DPoP-bound token');
  return {
    clientId: partner.clientId,
    grantId: body.grant_id as string,
    tokenType,
    accessToken: body.access_token as string,
    refreshToken: body.refresh_token as string,
    scopes: (body.scope as string).split(' '),
  };
}

/** A read of the account API; a DPoP-bound token goes with a proof naming it (RFC 9449 §7). */
async function api<T>(tokens: Tokens, path: string): Promise<T> {
  const url = new URL(`/api/v1${path}`, BANK);
  const send = (dpop?: string) =>
    fetch(url, {
      headers: {
        Authorization: `${tokens.tokenType} ${tokens.accessToken}`,
        ...(dpop && { DPoP: dpop }),
      },
    });
  const response =
    tokens.tokenType === 'DPoP'
      ? await withDpop('GET', url, send, tokens.accessToken)
      : await send();
  if (!response.ok) throw new BankRefusal(path, response.status, apiError(response));
  return (await response.json()) as T;
}

/** The error of the API's `WWW-Authenticate` challenge (RFC 6750 §3), e.g. invalid_token. */
function apiError(response: Response): string {
  return /error="([^"]*)"/.exec(response.headers.get('WWW-Authenticate') ?? '')?.[1] ?? '';
}

export interface LinkedAccount {
  id: string;
  label: string;
  balance?: { amount: number; asOf: string };
  transactions?: { bookedOn: string; description: string; amount: number }[];
}

interface ApiAccount {
  id: string;
  branchName: { ja: string };
  branchCode: string;
  accountType: { ja: string };
  accountNumber: string;
}

/** What the partner may show: balances only with `balance`, history only with `transactions`. */
export async function linkedAccounts(tokens: Tokens): Promise<LinkedAccount[]> {
  const { accounts } = await api<{ accounts: ApiAccount[] }>(tokens, '/accounts');
  return Promise.all(
    accounts.map(async (account) => ({
      id: account.id,
      label: `${account.branchName.ja} (${account.branchCode}) ${account.accountType.ja} ${account.accountNumber}`,
      balance: tokens.scopes.includes('balance')
        ? await api<{ amount: number; asOf: string }>(tokens, `/accounts/${account.id}/balance`)
        : undefined,
      transactions: tokens.scopes.includes('transactions')
        ? (
            await api<{ transactions: LinkedAccount['transactions'] }>(
              tokens,
              `/accounts/${account.id}/transactions?limit=5`,
            )
          ).transactions
        : undefined,
    })),
  );
}
