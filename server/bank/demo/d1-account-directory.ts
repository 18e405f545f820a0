import { UNMATCHABLE_HASH, verifySecret } from '../../crypto/password-hash.js';
import type { AccountDirectory, BankAccount } from '../ports.js';

interface AccountRow {
  id: string;
  branch_name_ja: string;
  branch_name_en: string;
  branch_code: string;
  type_ja: string;
  type_en: string;
  account_number: string;
  memo: string | null;
}

export class D1AccountDirectory implements AccountDirectory {
  constructor(private readonly db: D1Database) {}

  async accountsOf(customerId: string): Promise<BankAccount[]> {
    const { results } = await this.db
      .prepare(
        `SELECT a.id, a.branch_name_ja, a.branch_name_en, a.branch_code, t.label_ja AS type_ja,
                t.label_en AS type_en, a.account_number, a.memo
           FROM bank_accounts a JOIN bank_account_types t ON t.code = a.account_type
          WHERE a.customer_id = ? ORDER BY a.position`,
      )
      .bind(customerId)
      .all<AccountRow>();
    return results.map((row) => ({
      id: row.id,
      branchName: { ja: row.branch_name_ja, en: row.branch_name_en },
      branchCode: row.branch_code,
      accountType: { ja: row.type_ja, en: row.type_en },
      accountNumber: row.account_number,
      memo: row.memo,
    }));
  }

  async verifyInquiryPin(customerId: string, accountId: string, pin: string): Promise<boolean> {
    const row = await this.db
      .prepare('SELECT inquiry_pin_hash FROM bank_accounts WHERE id = ? AND customer_id = ?')
      .bind(accountId, customerId)
      .first<{ inquiry_pin_hash: string }>();
    const matches = await verifySecret(pin, row?.inquiry_pin_hash ?? UNMATCHABLE_HASH);
    return row !== null && matches;
  }
}
