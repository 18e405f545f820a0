import { readRows } from './d1-reads.js';

/**
 * Which of the customer's accounts have an inquiry PIN registered for API access. Read in the
 * same D1 round trip as the bank's list of the accounts (flow-runner/facts.ts).
 */
export async function registeredAccountIds(
  db: D1Database,
  customerId: string,
): Promise<Set<string>> {
  const statement = db
    .prepare('SELECT account_id FROM pin_registrations WHERE customer_id = ?')
    .bind(customerId);
  const results = await readRows<{ account_id: string }>(db, statement);
  return new Set(results.map((row) => row.account_id));
}
