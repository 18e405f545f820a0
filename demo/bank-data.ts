/**
 * The demo contract (server issue): the fictional credit union's partners, customers, accounts
 * and ledger. The README, the end-to-end tests and the partner demo all rely on these values.
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
export const DEMO_CERT_FINGERPRINT = '6f1e0c7a3d5b9e2f4a8c0b1d3e5f7a9c2b4d6e8f0a1c3e5b7d9f1a3c5e7b9d0f';
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

const partnerCommon = {
  service: { ja: 'かんたん家計簿', en: 'Easy Household Budget' },
  company: { ja: 'デモフィンテック株式会社', en: 'Demo FinTech Inc.' },
  redirectUris: [`${DEMO_PARTNER_ORIGIN}/callback`],
  embeddingOrigins: [DEMO_PARTNER_ORIGIN],
  allowedScopes: ['balance', 'transactions'],
  allowsPlainAuthorizationRequest: false,
  termsUrl: `${DEMO_PARTNER_ORIGIN}/terms`,
  privacyUrl: `${DEMO_PARTNER_ORIGIN}/privacy`,
  detailsUrl: `${DEMO_PARTNER_ORIGIN}/about`,
  authorizationPeriodDays: 90,
};

export const partners = [
  { ...partnerCommon, clientId: 'demo-kakeibo', secret: 'demo-kakeibo-secret', showsScopeSelection: true },
  { ...partnerCommon, clientId: 'demo-quick', secret: 'demo-quick-secret', showsScopeSelection: false },
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
  { branch: INTERNET, branchCode: '001', type: 'futsu', number: '2000002', memo: '生活費', pinRegistered: false },
  { branch: INTERNET, branchCode: '202', type: 'futsu', number: '1111111', memo: null, pinRegistered: false },
  { branch: INTERNET, branchCode: '202', type: 'futsu', number: '2222222', memo: null, pinRegistered: true },
  { branch: TOCHO, branchCode: '456', type: 'futsu', number: '1000314', memo: '給与口座', pinRegistered: false },
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
