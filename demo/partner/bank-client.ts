import { createHash, randomBytes } from 'node:crypto';
import { DEMO_BANK_ORIGIN, DEMO_PARTNER_ORIGIN } from '../bank-data.js';

/**
 * The partner's OAuth client, as a FinTech backend would write it: PAR with client_secret_basic
 * and PKCE S256, the code exchange, and reads of the account API. The secret never leaves here.
 */
export interface PartnerCredentials {
  clientId: string;
  secret: string;
}

export const BANK = DEMO_BANK_ORIGIN;
export const REDIRECT_URI = `${DEMO_PARTNER_ORIGIN}/callback`;

export interface PendingAuthorization {
  requestUri: string;
  state: string;
  codeVerifier: string;
}

const basic = ({ clientId, secret }: PartnerCredentials) =>
  'Basic ' + Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64');

async function postForm(path: string, partner: PartnerCredentials, values: Record<string, string>) {
  const response = await fetch(`${BANK}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: basic(partner) },
    body: new URLSearchParams(values),
  });
  const body = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${path}: ${body.error} ${body.error_description ?? ''}`);
  return body;
}

export async function pushAuthorizationRequest(
  partner: PartnerCredentials,
  responseMode: 'query' | 'web_message',
  scope = 'balance transactions',
): Promise<PendingAuthorization> {
  const codeVerifier = randomBytes(32).toString('base64url');
  const state = randomBytes(16).toString('base64url');
  const body = await postForm('/par', partner, {
    response_type: 'code',
    redirect_uri: REDIRECT_URI,
    scope,
    state,
    code_challenge: createHash('sha256').update(codeVerifier).digest('base64url'),
    code_challenge_method: 'S256',
    response_mode: responseMode,
  });
  return { requestUri: body.request_uri as string, state, codeVerifier };
}

export interface Tokens {
  accessToken: string;
  refreshToken: string;
  scopes: string[];
}

export async function exchangeCode(partner: PartnerCredentials, code: string, codeVerifier: string): Promise<Tokens> {
  const body = await postForm('/token', partner, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT_URI,
    code_verifier: codeVerifier,
  });
  return {
    accessToken: body.access_token as string,
    refreshToken: body.refresh_token as string,
    scopes: (body.scope as string).split(' '),
  };
}

async function api<T>(tokens: Tokens, path: string): Promise<T> {
  const response = await fetch(`${BANK}/api/v1${path}`, { headers: { Authorization: `Bearer ${tokens.accessToken}` } });
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return (await response.json()) as T;
}

export interface LinkedAccount {
  id: string;
  label: string;
  balance?: { amount: number; asOf: string };
  transactions?: { bookedOn: string; description: string; amount: number }[];
}

/** What the partner may show: balances only with `balance`, history only with `transactions`. */
export async function linkedAccounts(tokens: Tokens): Promise<LinkedAccount[]> {
  const { accounts } = await api<{
    accounts: { id: string; branchName: { ja: string }; branchCode: string; accountType: { ja: string }; accountNumber: string }[];
  }>(tokens, '/accounts');
  return Promise.all(
    accounts.map(async (account) => ({
      id: account.id,
      label: `${account.branchName.ja} (${account.branchCode}) ${account.accountType.ja} ${account.accountNumber}`,
      balance: tokens.scopes.includes('balance')
        ? await api<{ amount: number; asOf: string }>(tokens, `/accounts/${account.id}/balance`)
        : undefined,
      transactions: tokens.scopes.includes('transactions')
        ? (await api<{ transactions: LinkedAccount['transactions'] }>(tokens, `/accounts/${account.id}/transactions?limit=5`)).transactions
        : undefined,
    })),
  );
}
