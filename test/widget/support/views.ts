import type { AccountView, FlowView } from '../../../server/flow/types.js';

/** Flow views as the server's contract sends them, with the seed's example data. */
export const passwordLogin: FlowView = {
  name: 'login',
  methods: ['password'],
  certificateRecognized: false,
};

export const certificateOrPasswordLogin: FlowView = {
  name: 'login',
  methods: ['certificate', 'password'],
  certificateRecognized: false,
};

export const certificateRecognized: FlowView = {
  name: 'login',
  methods: ['password'],
  certificateRecognized: true,
};

export const additionalAuth: FlowView = {
  name: 'additional-auth',
  question: { ja: '好きな数は？', en: 'What is your favourite number?' },
  attemptsLeft: 3,
};

const balance = { name: 'balance', label: { ja: '残高照会', en: 'Balance inquiry' } };
const transactions = {
  name: 'transactions',
  label: { ja: '入出金明細照会', en: 'Transaction history inquiry' },
};

export const scopeSelect: FlowView = { name: 'scope-select', scopes: [balance, transactions] };

const internetBranch = { ja: 'インターネット支店', en: 'Internet Branch' };
const ordinary = { ja: '普通', en: 'Ordinary' };

export const accounts: AccountView[] = [
  {
    id: 'acc-1',
    branchName: internetBranch,
    branchCode: '001',
    accountType: ordinary,
    accountNumber: '2000002',
    memo: '口座メモ5678901234567890',
    status: 'unregistered',
  },
  {
    id: 'acc-2',
    branchName: internetBranch,
    branchCode: '202',
    accountType: ordinary,
    accountNumber: '1111111',
    memo: null,
    status: 'unregistered',
  },
  {
    id: 'acc-3',
    branchName: internetBranch,
    branchCode: '202',
    accountType: ordinary,
    accountNumber: '2222222',
    memo: null,
    status: 'registered',
  },
  {
    id: 'acc-4',
    branchName: { ja: '都庁支店', en: 'Tocho Branch' },
    branchCode: '456',
    accountType: ordinary,
    accountNumber: '1000314',
    memo: '口座メモ5678901234567890',
    status: 'staged',
  },
];

export const pinRegister: FlowView = { name: 'pin-register', accounts };

export const pinResult: FlowView = {
  name: 'pin-result',
  accounts: accounts.map((account) =>
    account.id === 'acc-1' ? { ...account, status: 'staged' } : account,
  ),
  registeredAccountIds: ['acc-1'],
  canAddMore: true,
};

export const consent: FlowView = {
  name: 'consent',
  accounts: accounts.filter((account) => account.status !== 'unregistered'),
  service: { ja: 'かけいぼ', en: 'Kakeibo' },
  company: { ja: '株式会社サンプル', en: 'Sample Inc.' },
  bank: { ja: 'デモ信用組合', en: 'Demo Credit Union' },
  scopes: [balance, transactions],
  periodDays: 90,
  endsOn: '2026-02-21',
  termsUrl: 'https://partner.example/terms',
  privacyUrl: 'https://partner.example/privacy',
  detailsUrl: 'https://partner.example/details',
};

export function completed(
  responseMode: 'query' | 'web_message',
  params: Record<string, string> = {
    code: 'code-123',
    state: 'state-abc',
    iss: 'http://127.0.0.1:8787',
  },
  redirectUri = 'https://partner.example/callback',
): FlowView {
  return { name: 'complete', outcome: { redirectUri, responseMode, params } };
}

export const denied = (responseMode: 'query' | 'web_message') =>
  completed(responseMode, {
    error: 'access_denied',
    state: 'state-abc',
    iss: 'http://127.0.0.1:8787',
  });
