import { hashClientSecret } from '../server/crypto/client-secret.js';
import { hashSecret } from '../server/crypto/password-hash.js';
import {
  accountId,
  accountTypes,
  customers,
  DEMO_INQUIRY_PIN,
  DEMO_PASSWORD,
  DEMO_STEP_UP_ANSWER,
  partners,
  scopes,
  seedAccounts,
  stepUpQuestion,
} from './bank-data.js';

export interface Statement {
  sql: string;
  params: (string | number | null)[];
}

/** Withdrawals only: salary (給与) is the deposit every sixth entry. */
const LEDGER_DESCRIPTIONS = [
  'デンキダイ',
  'スイドウダイ',
  'カード',
  'ATM',
  'フリコミ',
  'ヤチン',
  'ガスダイ',
  'ケイタイ',
];

/**
 * Every row of the demo data, secrets hashed exactly as the Worker verifies them (WebCrypto,
 * which Node shares with workerd): PBKDF2-SHA256 for what customers know, SHA-256 for partners.
 */
export async function seedStatements(): Promise<Statement[]> {
  const statements: Statement[] = [];
  const add = (sql: string, ...params: Statement['params']) => statements.push({ sql, params });

  scopes.forEach((scope, position) =>
    add(
      'INSERT INTO scopes (name, label_ja, label_en, position) VALUES (?, ?, ?, ?)',
      scope.name,
      scope.ja,
      scope.en,
      position,
    ),
  );
  for (const type of accountTypes) {
    add(
      'INSERT INTO bank_account_types (code, label_ja, label_en) VALUES (?, ?, ?)',
      type.code,
      type.ja,
      type.en,
    );
  }
  for (const partner of partners) {
    const { authentication } = partner;
    add(
      `INSERT INTO partners (client_id, service_name_ja, service_name_en, company_name_ja, company_name_en,
         profile, token_endpoint_auth_method, client_secret_hash, jwks, redirect_uris, embedding_origins,
         allowed_scopes, shows_scope_selection, allows_plain_authorization_request, terms_url,
         privacy_url, details_url, authorization_period_days)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      partner.clientId,
      partner.service.ja,
      partner.service.en,
      partner.company.ja,
      partner.company.en,
      partner.profile,
      authentication.method,
      authentication.method === 'client_secret_basic'
        ? await hashClientSecret(authentication.secret)
        : null,
      authentication.method === 'private_key_jwt' ? JSON.stringify(authentication.jwks) : null,
      JSON.stringify(partner.redirectUris),
      JSON.stringify(partner.embeddingOrigins),
      JSON.stringify(partner.allowedScopes),
      partner.showsScopeSelection ? 1 : 0,
      partner.allowsPlainAuthorizationRequest ? 1 : 0,
      partner.termsUrl,
      partner.privacyUrl,
      partner.detailsUrl,
      partner.authorizationPeriodDays,
    );
  }
  for (const customer of customers) {
    add(
      `INSERT INTO bank_customers (id, login_id, password_hash, requires_step_up, certificate_only)
       VALUES (?, ?, ?, ?, ?)`,
      customer.id,
      customer.loginId,
      await hashSecret(DEMO_PASSWORD),
      customer.requiresStepUp ? 1 : 0,
      'certificateOnly' in customer && customer.certificateOnly ? 1 : 0,
    );
    if (customer.certificate) {
      add(
        'INSERT INTO bank_certificates (fingerprint_sha256, customer_id) VALUES (?, ?)',
        customer.certificate,
        customer.id,
      );
    }
    add(
      'INSERT INTO bank_secret_questions (id, customer_id, question_ja, question_en, answer_hash) VALUES (?, ?, ?, ?, ?)',
      `${customer.id}-q1`,
      customer.id,
      stepUpQuestion.ja,
      stepUpQuestion.en,
      await hashSecret(DEMO_STEP_UP_ANSWER),
    );
    for (const [position, account] of seedAccounts.entries()) {
      const id = accountId(customer.id, account);
      add(
        `INSERT INTO bank_accounts (id, customer_id, position, branch_name_ja, branch_name_en, branch_code,
           account_type, account_number, memo, inquiry_pin_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        id,
        customer.id,
        position,
        account.branch.ja,
        account.branch.en,
        account.branchCode,
        account.type,
        account.number,
        account.memo,
        await hashSecret(DEMO_INQUIRY_PIN),
      );
      if (account.pinRegistered) {
        add(
          'INSERT INTO pin_registrations (account_id, customer_id, registered_at) VALUES (?, ?, ?)',
          id,
          customer.id,
          0,
        );
      }
      ledgerFor(id, position).forEach((entry) => add(entry.sql, ...entry.params));
    }
  }
  return statements;
}

/** Twelve deterministic ledger entries per account, so figures are the same on every reset. */
function ledgerFor(id: string, position: number): Statement[] {
  let balance = 150_000 + position * 87_500;
  const entries: Statement[] = [];
  for (let day = 0; day < 12; day++) {
    const salary = day % 6 === 0;
    const amount = salary ? 245_000 : -((((day + 3) * (position + 7) * 1_370) % 38_000) + 1_200);
    balance += amount;
    const date = new Date(Date.UTC(2026, 9, 1 + day * 4)).toISOString().slice(0, 10);
    entries.push({
      sql: 'INSERT INTO bank_ledger (id, account_id, booked_on, description, amount, balance_after) VALUES (?, ?, ?, ?, ?, ?)',
      params: [
        `${id}-${day}`,
        id,
        date,
        salary ? '給与' : LEDGER_DESCRIPTIONS[(day + position) % LEDGER_DESCRIPTIONS.length],
        amount,
        balance,
      ],
    });
  }
  return entries;
}
