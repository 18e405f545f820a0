import { UNMATCHABLE_HASH, verifySecret } from '../../crypto/password-hash.js';
import { readRows } from '../../storage/d1-reads.js';
import type { AccountDirectory, BankAccount, InquiryPinEntry } from '../ports.js';

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

/** Account IDs per query: D1 binds at most 100 parameters, and the customer ID is one. */
const IDS_PER_QUERY = 99;

export class D1AccountDirectory implements AccountDirectory {
  constructor(private readonly db: D1Database) {}

  async accountsOf(customerId: string): Promise<BankAccount[]> {
    const statement = this.db
      .prepare(
        `SELECT a.id, a.branch_name_ja, a.branch_name_en, a.branch_code, t.label_ja AS type_ja,
                t.label_en AS type_en, a.account_number, a.memo
           FROM bank_accounts a JOIN bank_account_types t ON t.code = a.account_type
          WHERE a.customer_id = ? ORDER BY a.position`,
      )
      .bind(customerId);
    // With the same turn's reads of ours (the PIN registrations) in one D1 round trip.
    const results = await readRows<AccountRow>(this.db, statement);
    return results.map((row) => ({
      id: row.id,
      branchName: { ja: row.branch_name_ja, en: row.branch_name_en },
      branchCode: row.branch_code,
      accountType: { ja: row.type_ja, en: row.type_en },
      accountNumber: row.account_number,
      memo: row.memo,
    }));
  }

  async verifyInquiryPins(customerId: string, entries: InquiryPinEntry[]): Promise<boolean[]> {
    if (entries.length === 0) return [];
    // Every submitted row's hash in one round trip: one batch of queries, each under D1's 100
    // bound parameters (200 rows at most, server/routes/flow/inputs.ts).
    const ids = entries.map((entry) => entry.accountId);
    const chunks = Array.from({ length: Math.ceil(ids.length / IDS_PER_QUERY) }, (_, index) =>
      ids.slice(index * IDS_PER_QUERY, (index + 1) * IDS_PER_QUERY),
    );
    const answers = await this.db.batch<{ id: string; inquiry_pin_hash: string }>(
      chunks.map((chunk) =>
        this.db
          .prepare(
            `SELECT id, inquiry_pin_hash FROM bank_accounts
              WHERE customer_id = ? AND id IN (${chunk.map(() => '?').join(', ')})`,
          )
          .bind(customerId, ...chunk),
      ),
    );
    const hashes = new Map(
      answers.flatMap(({ results }) => results.map((row) => [row.id, row.inquiry_pin_hash])),
    );
    return Promise.all(
      entries.map(async ({ accountId, pin }) => {
        const hash = hashes.get(accountId);
        // Hash even for an account that is not the customer's, so timing reveals nothing.
        const matches = await verifySecret(pin, hash ?? UNMATCHABLE_HASH);
        return hash !== undefined && matches;
      }),
    );
  }
}
