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
