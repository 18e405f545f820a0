import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { hashClientSecret } from '../../server/crypto/client-secret.js';
import type { FlowView } from '../../server/flow/types.js';
import type { Statement } from '../../demo/seed-statements.js';
import type { Bank } from './harness.js';

/** The demo partner's side of the protocol, as its backend would speak it. */
export const KAKEIBO = { clientId: 'demo-kakeibo', secret: 'demo-kakeibo-secret' };
export const QUICK = { clientId: 'demo-quick', secret: 'demo-quick-secret' };
export const REDIRECT_URI = 'http://localhost:8788/callback';
export const ISSUER = 'http://127.0.0.1:8787';

/** A FAPI 2.0 partner with one signing key (private_key_jwt, DPoP), redirecting to REDIRECT_URI. */
export const fapiPartnerRow = (clientId: string, publicJwk: object) =>
  partnerRow({
    clientId,
    profile: 'fapi2',
    jwks: { keys: [publicJwk] },
    redirectUris: [REDIRECT_URI],
  });

/**
 * A partner the bank registers besides the demo's, as a row for `startBank({ extraRows })`. With
 * `jwks` it authenticates with private_key_jwt unless `authMethod` says otherwise; with `secret`,
 * with client_secret_basic.
 */
export async function partnerRow({
  clientId,
  secret,
  jwks,
  profile = 'basic',
  authMethod = jwks ? 'private_key_jwt' : 'client_secret_basic',
  redirectUris,
  embeddingOrigins = [],
  allowedScopes = ['balance', 'transactions'],
  allowsPlainAuthorizationRequest = false,
  authorizationPeriodDays = 90,
}: {
  clientId: string;
  secret?: string;
  /** The partner's public keys (a JWK Set), for private_key_jwt. */
  jwks?: { keys: object[] };
  profile?: 'basic' | 'fapi2';
  authMethod?: 'client_secret_basic' | 'private_key_jwt';
  redirectUris: string[];
  embeddingOrigins?: string[];
  allowedScopes?: string[];
  allowsPlainAuthorizationRequest?: boolean;
  authorizationPeriodDays?: number;
}): Promise<Statement> {
  return {
    sql: `INSERT INTO partners (client_id, service_name_ja, service_name_en, company_name_ja, company_name_en,
            profile, token_endpoint_auth_method, client_secret_hash, jwks,
            redirect_uris, embedding_origins, allowed_scopes, shows_scope_selection,
            allows_plain_authorization_request, terms_url, privacy_url, details_url, authorization_period_days)
          VALUES (?, 'テスト連携先', 'Test partner', 'テスト社', 'Test Inc.', ?, ?, ?, ?, ?, ?, ?, 0, ?,
            'https://partner.example/terms', 'https://partner.example/privacy', 'https://partner.example/details', ?)`,
    params: [
      clientId,
      profile,
      authMethod,
      secret === undefined ? null : await hashClientSecret(secret),
      jwks === undefined ? null : JSON.stringify(jwks),
      JSON.stringify(redirectUris),
      JSON.stringify(embeddingOrigins),
      JSON.stringify(allowedScopes),
      allowsPlainAuthorizationRequest ? 1 : 0,
      authorizationPeriodDays,
    ],
  };
}

export function basic(clientId: string, secret: string): string {
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
  return 'Basic ' + Buffer.from(`${encode(clientId)}:${encode(secret)}`).toString('base64');
}

export function pkcePair() {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  return { verifier, challenge };
}

export function form(values: Record<string, string>): RequestInit {
  return {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(values).toString(),
  };
}

export async function postForm(
  bank: Bank,
  path: string,
  values: Record<string, string>,
  authorization?: string,
) {
  const init = form(values);
  if (authorization) (init.headers as Record<string, string>).Authorization = authorization;
  return bank.fetch(path, init);
}

export interface PushedRequest {
  requestUri: string;
  verifier: string;
  state: string;
  clientId: string;
  secret: string;
}

/** A pushed authorization request (RFC 9126) with PKCE, as the partner backend sends it. */
export async function pushRequest(
  bank: Bank,
  partner = KAKEIBO,
  overrides: Record<string, string> = {},
): Promise<PushedRequest> {
  const { verifier, challenge } = pkcePair();
  const state = randomBytes(16).toString('base64url');
  const response = await postForm(
    bank,
    '/par',
    {
      response_type: 'code',
      redirect_uri: REDIRECT_URI,
      scope: 'balance transactions',
      state,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      ...overrides,
    },
    basic(partner.clientId, partner.secret),
  );
  assert.equal(response.status, 201, await response.clone().text());
  const body = (await response.json()) as { request_uri: string };
  return { requestUri: body.request_uri, verifier, state, ...partner };
}

/** The customer's side: the widget's calls to the flow API. */
export class Customer {
  transaction = '';

  /** `headers` go with every request, e.g. the client's address as CF-Connecting-IP. */
  constructor(
    private readonly bank: Bank,
    private readonly headers: Record<string, string> = {},
  ) {}

  async start(pushed: PushedRequest): Promise<Response> {
    const body = { clientId: pushed.clientId, requestUri: pushed.requestUri };
    const request = json(body);
    request.headers = { ...(request.headers as Record<string, string>), ...this.headers };
    const response = await this.bank.fetch('/flow/start', request);
    if (response.status === 201)
      this.transaction = ((await response.clone().json()) as { transaction: string }).transaction;
    return response;
  }

  /**
   * Opens the bank's /authorize page as the browser does: the page starts the transaction and
   * carries its handle and first view in a JSON data block, which the widget reads. `extraQuery`
   * adds parameters beside client_id and request_uri, as a meddling client or user might.
   */
  async open(
    pushed: PushedRequest,
    extraQuery: Record<string, string> = {},
  ): Promise<{ response: Response; view?: FlowView }> {
    const query = new URLSearchParams({
      ...extraQuery,
      client_id: pushed.clientId,
      request_uri: pushed.requestUri,
    });
    const response = await this.bank.fetch(`/authorize?${query}`, { headers: this.headers });
    const start = embeddedStart(await response.clone().text());
    if (start) this.transaction = start.transaction;
    return { response, view: start?.view };
  }

  send(
    path: string,
    body: unknown = {},
    init: RequestInit & { cf?: Record<string, unknown> } = {},
  ): Promise<Response> {
    return this.bank.fetch(`/flow/${path}`, {
      ...json(body),
      ...init,
      headers: {
        ...this.headers,
        ...(init.headers as Record<string, string> | undefined),
        'Content-Type': 'application/json',
        'X-Transaction': this.transaction,
      },
    });
  }

  async view(): Promise<FlowView> {
    const response = await this.bank.fetch('/flow/view', {
      headers: { 'X-Transaction': this.transaction },
    });
    assert.equal(response.status, 200, await response.clone().text());
    return ((await response.json()) as { view: FlowView }).view;
  }

  /** Sends and expects the next view; fails the test with the problem otherwise. */
  async expectView(path: string, body: unknown = {}, init = {}): Promise<FlowView> {
    const response = await this.send(path, body, init);
    assert.equal(response.status, 200, `${path}: ${await response.clone().text()}`);
    return ((await response.json()) as { view: FlowView }).view;
  }
}

/** The handle and first view a hosted page embeds for the widget, if it has them. */
export function embeddedStart(page: string): { transaction: string; view: FlowView } | undefined {
  const block = /<script type="application\/json">([\s\S]*?)<\/script>/.exec(page);
  return block ? (JSON.parse(block[1]) as { transaction: string; view: FlowView }) : undefined;
}

export function json(body: unknown): RequestInit {
  return {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  };
}

export async function problemOf(
  response: Response,
): Promise<{ code: string; status: number } & Record<string, unknown>> {
  assert.equal(response.headers.get('Content-Type'), 'application/problem+json');
  return (await response.json()) as never;
}

export const DEMO_ACCOUNTS = {
  a2000002: 'cust-demo-001-2000002',
  a1111111: 'cust-demo-202-1111111',
  a2222222: 'cust-demo-202-2222222',
  a1000314: 'cust-demo-456-1000314',
};

/** Runs a flow up to the consent step, registering one PIN when asked to. */
export async function flowToConsent(
  bank: Bank,
  pushed: PushedRequest,
  { loginId = 'demo', scopes = ['balance', 'transactions'] } = {},
): Promise<{ customer: Customer; view: Extract<FlowView, { name: 'consent' }> }> {
  const customer = new Customer(bank);
  assert.equal((await customer.start(pushed)).status, 201);
  let view = await customer.expectView('login', { loginId, password: 'demo1234' });
  if (view.name === 'scope-select') view = await customer.expectView('scopes', { scopes });
  if (view.name === 'pin-register') {
    const account = view.accounts.find((candidate) => candidate.status === 'unregistered')!;
    await customer.expectView('pins', { pins: [{ accountId: account.id, pin: '1234' }] });
    view = await customer.expectView('pins/confirm');
  }
  assert.equal(view.name, 'consent');
  return { customer, view: view as Extract<FlowView, { name: 'consent' }> };
}

/** Runs a whole flow up to the callback parameters, registering one PIN when asked to. */
export async function authorizeDemo(
  bank: Bank,
  pushed: PushedRequest,
  options: { loginId?: string; scopes?: string[] } = {},
) {
  const { customer } = await flowToConsent(bank, pushed, options);
  const complete = await customer.expectView('consent', { decision: 'allow', confirmed: true });
  assert.equal(complete.name, 'complete');
  return { customer, params: complete.outcome.params };
}

/** A code the demo customer's consent issued to `partner`, with the request it answers. */
export async function issuedCode(bank: Bank, partner = QUICK) {
  const pushed = await pushRequest(bank, partner);
  const { params } = await authorizeDemo(bank, pushed);
  return { pushed, code: params.code };
}

export async function exchangeCode(
  bank: Bank,
  pushed: PushedRequest,
  code: string,
  overrides: Record<string, string> = {},
) {
  return postForm(
    bank,
    '/token',
    {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      code_verifier: pushed.verifier,
      ...overrides,
    },
    basic(pushed.clientId, pushed.secret),
  );
}

/**
 * What Cloudflare's mTLS puts in `request.cf` for a client certificate it verified, unrevoked;
 * `fields` overrides any of it (e.g. `{ certRevoked: '1' }`).
 */
export const verifiedCertificate = (fingerprint: string, fields: Record<string, string> = {}) => ({
  cf: {
    tlsClientAuth: {
      certPresented: '1',
      certVerified: 'SUCCESS',
      certRevoked: '0',
      certFingerprintSHA256: fingerprint,
      ...fields,
    },
  },
});
