/**
 * The demo contract: the fictional credit union's partners, customers, accounts and ledger. The
 * README, the end-to-end tests and the partner demo all rely on these values.
 */

export const DEMO_BANK_ORIGIN = 'http://127.0.0.1:8787';
export const DEMO_PARTNER_ORIGIN = 'http://localhost:8788';
export const DEMO_PASSWORD = 'demo1234';
export const DEMO_INQUIRY_PIN = '1234';
export const DEMO_STEP_UP_ANSWER = '7';
/**
 * SHA-256 fingerprint of the demo client certificate of `demo-cert`, as Cloudflare reports it in
 * `request.cf.tlsClientAuth.certFingerprintSHA256`. Locally, send it in an `MF-CF-Blob` header.
 */
export const DEMO_CERT_FINGERPRINT =
  '6f1e0c7a3d5b9e2f4a8c0b1d3e5f7a9c2b4d6e8f0a1c3e5b7d9f1a3c5e7b9d0f';
/** The certificate of `demo-certonly`, a customer registered for certificate login only. */
export const DEMO_CERT_ONLY_FINGERPRINT =
  'c0ffee0c7a3d5b9e2f4a8c0b1d3e5f7a9c2b4d6e8f0a1c3e5b7d9f1a3c5e7b9d';

export const scopes = [
  { name: 'balance', ja: '残高照会', en: 'Balance inquiry' },
  { name: 'transactions', ja: '入出金明細照会', en: 'Transaction history inquiry' },
];

export const accountTypes = [
  { code: 'futsu', ja: '普通', en: 'Ordinary' },
  { code: 'toza', ja: '当座', en: 'Current' },
  { code: 'chochiku', ja: '貯蓄', en: 'Savings' },
];

/** RFC 6749 §2.3.1 HTTP Basic with a bank-issued secret, or RFC 7523 §2.2 signed assertions. */
type ClientAuthentication =
  | { method: 'client_secret_basic'; secret: string }
  | { method: 'private_key_jwt'; jwks: { keys: Record<string, string>[] } };

export interface DemoPartner {
  clientId: string;
  service: { ja: string; en: string };
  company: { ja: string; en: string };
  /** 'fapi2': the FAPI 2.0 Security Profile (PAR, private_key_jwt and DPoP required). */
  profile: 'basic' | 'fapi2';
  authentication: ClientAuthentication;
  redirectUris: string[];
  embeddingOrigins: string[];
  allowedScopes: string[];
  showsScopeSelection: boolean;
  allowsPlainAuthorizationRequest: boolean;
  termsUrl: string;
  privacyUrl: string;
  detailsUrl: string;
  authorizationPeriodDays: number;
}

const COMPANY = { ja: 'デモフィンテック株式会社', en: 'Demo FinTech Inc.' };
const KAKEIBO = { ja: 'かんたん家計簿', en: 'Easy Household Budget' };

const registration = {
  company: COMPANY,
  redirectUris: [`${DEMO_PARTNER_ORIGIN}/callback`],
  embeddingOrigins: [DEMO_PARTNER_ORIGIN],
  allowedScopes: ['balance', 'transactions'],
  allowsPlainAuthorizationRequest: false,
  termsUrl: `${DEMO_PARTNER_ORIGIN}/terms`,
  privacyUrl: `${DEMO_PARTNER_ORIGIN}/privacy`,
  detailsUrl: `${DEMO_PARTNER_ORIGIN}/about`,
  authorizationPeriodDays: 90,
};

/**
 * The public half of `demo/partner/keys/demo-fapi.private.jwk.json` (a demo key, committed on
 * purpose): all the bank registers for `demo-fapi`. The `kid` is its RFC 7638 thumbprint.
 */
const DEMO_FAPI_PUBLIC_JWK = {
  kty: 'EC',
  crv: 'P-256',
  x: 'N8PviGJLroX2bVAXax8m-09tHO0nKEe571TOynaTspA',
  y: 'gtMsvjLN-ID5zcjqxsgxTzyN6TvyUDCInYjbezT6TSY',
  kid: 'C_ASckXHq02A4gDAtItJT3S8v8e4IDKaDUje4vgvugk',
  alg: 'ES256',
  use: 'sig',
};

export const partners: DemoPartner[] = [
  {
    ...registration,
    clientId: 'demo-kakeibo',
    service: KAKEIBO,
    profile: 'basic',
    authentication: { method: 'client_secret_basic', secret: 'demo-kakeibo-secret' },
    showsScopeSelection: true,
  },
  {
    ...registration,
    clientId: 'demo-quick',
    service: KAKEIBO,
    profile: 'basic',
    authentication: { method: 'client_secret_basic', secret: 'demo-quick-secret' },
    showsScopeSelection: false,
  },
  {
    ...registration,
    clientId: 'demo-fapi',
    service: { ja: 'かんたん家計簿Pro', en: 'Easy Household Budget Pro' },
    profile: 'fapi2',
    authentication: { method: 'private_key_jwt', jwks: { keys: [DEMO_FAPI_PUBLIC_JWK] } },
    showsScopeSelection: true,
  },
];

export interface DemoAccount {
  branch: { ja: string; en: string };
  branchCode: string;
  type: string;
  number: string;
  memo: string | null;
  pinRegistered: boolean;
}

const INTERNET = { ja: 'インターネット支店', en: 'Internet Branch' };
const TOCHO = { ja: '都庁支店', en: 'Tocho Branch' };

/** The seed's four accounts (手順4), shared by every demo customer. */
export const seedAccounts: DemoAccount[] = [
  {
    branch: INTERNET,
    branchCode: '001',
    type: 'futsu',
    number: '2000002',
    memo: '生活費',
    pinRegistered: false,
  },
  {
    branch: INTERNET,
    branchCode: '202',
    type: 'futsu',
    number: '1111111',
    memo: null,
    pinRegistered: false,
  },
  {
    branch: INTERNET,
    branchCode: '202',
    type: 'futsu',
    number: '2222222',
    memo: null,
    pinRegistered: true,
  },
  {
    branch: TOCHO,
    branchCode: '456',
    type: 'futsu',
    number: '1000314',
    memo: '給与口座',
    pinRegistered: false,
  },
];

export const stepUpQuestion = { ja: '好きな数へ入力？', en: 'Enter your favourite number?' };

export const customers = [
  { id: 'cust-demo', loginId: 'demo', requiresStepUp: false, certificate: null },
  { id: 'cust-demo-risk', loginId: 'demo-risk', requiresStepUp: true, certificate: null },
  {
    id: 'cust-demo-cert',
    loginId: 'demo-cert',
    requiresStepUp: false,
    certificate: DEMO_CERT_FINGERPRINT,
  },
  {
    id: 'cust-demo-certonly',
    loginId: 'demo-certonly',
    requiresStepUp: false,
    certificate: DEMO_CERT_ONLY_FINGERPRINT,
    certificateOnly: true,
  },
];

/** Stable account IDs: `<customer>-<branch code>-<number>`, e.g. cust-demo-001-2000002. */
export const accountId = (customerId: string, account: DemoAccount) =>
  `${customerId}-${account.branchCode}-${account.number}`;
