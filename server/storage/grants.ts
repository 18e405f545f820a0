import type { GrantPlan } from '../flow/steps/consent.js';

export interface CodeRecord {
  codeHash: string;
  redirectUri: string;
  codeChallenge: string;
  expiresAt: number;
}

/**
 * 許可 in one D1 batch (a single transaction): the grant, its accounts, the staged PIN
 * registrations and the authorization code land together or not at all (SPEC §3.6).
 */
export async function commitGrant(db: D1Database, plan: GrantPlan, code: CodeRecord): Promise<string> {
  const grantId = crypto.randomUUID();
  await db.batch([
    db
      .prepare('INSERT INTO grants (id, customer_id, client_id, scopes, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)')
      .bind(grantId, plan.customerId, plan.clientId, plan.scopes.join(' '), plan.createdAt, plan.expiresAt),
    ...plan.accountIds.map((accountId) =>
      db.prepare('INSERT INTO grant_accounts (grant_id, account_id) VALUES (?, ?)').bind(grantId, accountId),
    ),
    ...plan.stagedPinAccountIds.map((accountId) =>
      db
        .prepare('INSERT OR IGNORE INTO pin_registrations (account_id, customer_id, registered_at) VALUES (?, ?, ?)')
        .bind(accountId, plan.customerId, plan.createdAt),
    ),
    db
      .prepare(
        `INSERT INTO authorization_codes (code_hash, grant_id, client_id, redirect_uri, code_challenge, expires_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .bind(code.codeHash, grantId, plan.clientId, code.redirectUri, code.codeChallenge, code.expiresAt),
  ]);
  return grantId;
}

export interface ActiveGrant {
  id: string;
  customerId: string;
  clientId: string;
  scopes: string[];
  expiresAt: number;
}

export interface GrantRow {
  id: string;
  customer_id: string;
  client_id: string;
  scopes: string;
  expires_at: number;
}

export async function findActiveGrant(db: D1Database, grantId: string, now: number): Promise<ActiveGrant | null> {
  const row = await db
    .prepare(
      `SELECT id, customer_id, client_id, scopes, expires_at FROM grants
        WHERE id = ? AND revoked_at IS NULL AND expires_at > ?`,
    )
    .bind(grantId, now)
    .first<GrantRow>();
  return row ? toActiveGrant(row) : null;
}

export function toActiveGrant(row: GrantRow): ActiveGrant {
  return { id: row.id, customerId: row.customer_id, clientId: row.client_id, scopes: row.scopes.split(' '), expiresAt: row.expires_at };
}

export async function grantedAccountIds(db: D1Database, grantId: string): Promise<string[]> {
  const { results } = await db
    .prepare('SELECT account_id FROM grant_accounts WHERE grant_id = ?')
    .bind(grantId)
    .all<{ account_id: string }>();
  return results.map((row) => row.account_id);
}
