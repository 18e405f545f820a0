import type { CurrentGrant } from '../flow/facts.js';
import { readRow } from './d1-reads.js';

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

export async function findActiveGrant(
  db: D1Database,
  grantId: string,
  now: number,
): Promise<ActiveGrant | null> {
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
  return {
    id: row.id,
    customerId: row.customer_id,
    clientId: row.client_id,
    scopes: row.scopes.split(' '),
    expiresAt: row.expires_at,
  };
}

export async function grantedAccountIds(db: D1Database, grantId: string): Promise<string[]> {
  const { results } = await db
    .prepare('SELECT account_id FROM grant_accounts WHERE grant_id = ?')
    .bind(grantId)
    .all<{ account_id: string }>();
  return results.map((row) => row.account_id);
}

/** A grant as its partner sees it at GET /grants/{grant_id} (server/routes/grants.ts). */
export interface PartnerGrant {
  id: string;
  scopes: string[];
  accountIds: string[];
  createdAt: number;
  expiresAt: number;
  revokedAt: number | null;
  lastUsedAt: number | null;
}

/**
 * The grant if it belongs to this partner, whatever its state; null for an unknown grant and for
 * another partner's alike, so that a partner cannot tell them apart.
 */
export async function findPartnerGrant(
  db: D1Database,
  grantId: string,
  clientId: string,
): Promise<PartnerGrant | null> {
  const [grants, accounts] = await db.batch([
    db
      .prepare(
        `SELECT id, scopes, created_at, expires_at, revoked_at, last_used_at FROM grants
          WHERE id = ?1 AND client_id = ?2`,
      )
      .bind(grantId, clientId),
    db
      .prepare(
        `SELECT account_id FROM grant_accounts
          WHERE grant_id = ?1 AND EXISTS (SELECT 1 FROM grants WHERE id = ?1 AND client_id = ?2)
          ORDER BY account_id`,
      )
      .bind(grantId, clientId),
  ]);
  const row = grants.results[0] as
    | {
        id: string;
        scopes: string;
        created_at: number;
        expires_at: number;
        revoked_at: number | null;
        last_used_at: number | null;
      }
    | undefined;
  if (!row) return null;
  return {
    id: row.id,
    scopes: row.scopes.split(' '),
    accountIds: (accounts.results as { account_id: string }[]).map((account) => account.account_id),
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
  };
}

/**
 * The partner's grant a re-consent names, with its accounts, whatever its state; null when it is
 * unknown or another partner's alike. One statement, read on every step of a re-consent with the
 * step's other facts (storage/d1-reads.ts).
 */
export async function findGrantToReconsent(
  db: D1Database,
  grantId: string,
  clientId: string,
): Promise<CurrentGrant | null> {
  const row = await readRow<{
    id: string;
    customer_id: string;
    scopes: string;
    expires_at: number;
    revoked_at: number | null;
    account_ids: string;
  }>(
    db,
    db
      .prepare(
        `SELECT id, customer_id, scopes, expires_at, revoked_at,
                (SELECT json_group_array(account_id)
                   FROM (SELECT account_id FROM grant_accounts WHERE grant_id = g.id
                          ORDER BY account_id)) AS account_ids
           FROM grants g WHERE id = ?1 AND client_id = ?2`,
      )
      .bind(grantId, clientId),
  );
  if (!row) return null;
  return {
    id: row.id,
    customerId: row.customer_id,
    scopes: row.scopes.split(' '),
    accountIds: JSON.parse(row.account_ids) as string[],
    expiresAt: row.expires_at,
    revoked: row.revoked_at !== null,
  };
}
