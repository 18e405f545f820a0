import type { Ledger, LedgerEntry } from '../ports.js';

interface LedgerRow {
  booked_on: string;
  description: string;
  amount: number;
  balance_after: number;
}

export class D1Ledger implements Ledger {
  constructor(private readonly db: D1Database) {}

  async balance(accountId: string): Promise<{ amount: number; asOf: string } | null> {
    const [latest] = await this.recentEntries(accountId, 1);
    return latest ? { amount: latest.balanceAfter, asOf: latest.bookedOn } : null;
  }

  async recentEntries(accountId: string, limit: number): Promise<LedgerEntry[]> {
    const { results } = await this.db
      .prepare(
        `SELECT booked_on, description, amount, balance_after FROM bank_ledger
          WHERE account_id = ? ORDER BY booked_on DESC, id DESC LIMIT ?`,
      )
      .bind(accountId, limit)
      .all<LedgerRow>();
    return results.map((row) => ({
      bookedOn: row.booked_on,
      description: row.description,
      amount: row.amount,
      balanceAfter: row.balance_after,
    }));
  }
}
