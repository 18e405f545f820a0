/** A grant of the customer as 連携サービス一覧 lists it (server/manage/connections-view.ts). */
export interface CustomerGrant {
  id: string;
  clientId: string;
  scopes: string[];
  accountIds: string[];
  createdAt: number;
  expiresAt: number;
  revokedAt: number | null;
  lastUsedAt: number | null;
}

interface CustomerGrantRow {
  id: string;
  client_id: string;
  scopes: string;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
  last_used_at: number | null;
  account_ids: string | null;
}

/**
 * The customer's grants that are active, or were revoked or ended since `revokedSince`, with the accounts
 * each covers and the partner's last use (server/storage/grant-use.ts).
 */
export async function customerGrants(
  db: D1Database,
  customerId: string,
  now: number,
  revokedSince: number,
): Promise<CustomerGrant[]> {
  const { results } = await db
    .prepare(
      `SELECT g.id, g.client_id, g.scopes, g.created_at, g.expires_at, g.revoked_at,
              g.last_used_at,
              (SELECT group_concat(account_id, ' ') FROM grant_accounts
                WHERE grant_id = g.id) AS account_ids
         FROM grants g
        WHERE g.customer_id = ?1
          AND ((g.revoked_at IS NULL AND g.expires_at > ?3) OR g.revoked_at >= ?3)
        ORDER BY g.created_at DESC, g.id`,
    )
    .bind(customerId, now, revokedSince)
    .all<CustomerGrantRow>();
  return results.map((row) => ({
    id: row.id,
    clientId: row.client_id,
    scopes: row.scopes.split(' '),
    accountIds: row.account_ids ? row.account_ids.split(' ') : [],
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
  }));
}

/** Whether `grantId` is an active grant of this customer: the only grants the customer may revoke. */
export async function isActiveGrantOf(
  db: D1Database,
  grantId: string,
  customerId: string,
  now: number,
): Promise<boolean> {
  const row = await db
    .prepare(
      `SELECT 1 AS found FROM grants
        WHERE id = ? AND customer_id = ? AND revoked_at IS NULL AND expires_at > ?`,
    )
    .bind(grantId, customerId, now)
    .first<{ found: number }>();
  return row !== null;
}
