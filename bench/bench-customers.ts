import { hashSecret } from '../server/crypto/password-hash.js';
import {
  DEMO_INQUIRY_PIN,
  DEMO_PASSWORD,
  DEMO_STEP_UP_ANSWER,
  stepUpQuestion,
} from '../demo/bank-data.js';
import type { Database } from '../demo/database.js';

/**
 * Benchmark customers `bench-<n>`, each with its own unregistered accounts, so that every driven
 * flow logs in, registers a PIN and is comparable with every other: a completed flow registers
 * the account (the PIN step is skipped next time) and failed logins lock a login ID, so no
 * customer is used twice. Secrets are hashed by the Worker's own code; one hash per kind of
 * secret is shared by all rows (verifying it costs the same as a hash of one's own).
 */
export interface BenchCustomer {
  loginId: string;
  accountIds: string[];
}

export const benchCustomer = (index: number, accounts = 1): BenchCustomer => ({
  loginId: `bench-${index}`,
  accountIds: Array.from({ length: accounts }, (_, position) => accountIdOf(index, position)),
});

const accountIdOf = (index: number, position: number) =>
  `bench-${index}-001-${String(position).padStart(7, '0')}`;

/** D1 binds at most 100 parameters per statement; rows go in as multi-row INSERTs under that. */
const MAX_PARAMS = 100;
const STATEMENTS_PER_BATCH = 200;

export interface SecretHashes {
  password: string;
  pin: string;
  answer: string;
}

export async function hashBenchSecrets(iterations: number): Promise<SecretHashes> {
  return {
    password: await hashSecret(DEMO_PASSWORD, iterations),
    pin: await hashSecret(DEMO_INQUIRY_PIN, iterations),
    answer: await hashSecret(DEMO_STEP_UP_ANSWER, iterations),
  };
}

/** Adds customers `first` … `first + count - 1`, each with `accounts` accounts. */
export async function insertBenchCustomers(
  db: Database,
  hashes: SecretHashes,
  { first, count, accounts = 1 }: { first: number; count: number; accounts?: number },
): Promise<void> {
  const customers: unknown[][] = [];
  const questions: unknown[][] = [];
  const accountRows: unknown[][] = [];
  for (let index = first; index < first + count; index++) {
    const id = `bench-${index}`;
    customers.push([id, id, hashes.password, 0]);
    questions.push([`${id}-q1`, id, stepUpQuestion.ja, stepUpQuestion.en, hashes.answer]);
    for (let position = 0; position < accounts; position++) {
      accountRows.push([
        accountIdOf(index, position),
        id,
        position,
        'ベンチマーク支店',
        'Benchmark Branch',
        '001',
        'futsu',
        String(position).padStart(7, '0'),
        position % 2 === 0 ? null : `口座${position}`,
        hashes.pin,
      ]);
    }
  }
  const statements = [
    ...multiRowInserts(
      db,
      'bank_customers (id, login_id, password_hash, requires_step_up)',
      customers,
    ),
    ...multiRowInserts(
      db,
      'bank_secret_questions (id, customer_id, question_ja, question_en, answer_hash)',
      questions,
    ),
    ...multiRowInserts(
      db,
      `bank_accounts (id, customer_id, position, branch_name_ja, branch_name_en, branch_code, account_type,
         account_number, memo, inquiry_pin_hash)`,
      accountRows,
    ),
  ];
  for (let start = 0; start < statements.length; start += STATEMENTS_PER_BATCH) {
    await db.batch(statements.slice(start, start + STATEMENTS_PER_BATCH));
  }
}

function multiRowInserts(db: Database, table: string, rows: unknown[][]) {
  if (rows.length === 0) return [];
  const perStatement = Math.floor(MAX_PARAMS / rows[0].length);
  const statements = [];
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const placeholders = chunk.map((row) => `(${row.map(() => '?').join(', ')})`).join(', ');
    statements.push(
      db.prepare(`INSERT INTO ${table} VALUES ${placeholders}`).bind(...chunk.flat()),
    );
  }
  return statements;
}
