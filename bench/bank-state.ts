import { PBKDF2_ITERATIONS } from '../server/crypto/password-hash.js';
import { migrate, seed, type Database } from '../demo/database.js';
import { hashBenchSecrets, insertBenchCustomers } from './bench-customers.js';

/**
 * A fresh bank: the migrations, the demo data, and `customers` benchmark customers (bench-0 …)
 * with one account each. With `iterations` below the Worker's 100 000, what the bench customers
 * know (password, PIN) is stored at that cost: at 1 the bank directory's hashing is out of the
 * flow. Partner secrets are SHA-256 either way (server/crypto/client-secret.ts).
 */
export async function seedBank(
  db: Database,
  { iterations = PBKDF2_ITERATIONS, customers = 0 } = {},
): Promise<void> {
  await migrate(db);
  await seed(db);
  if (customers > 0) {
    await insertBenchCustomers(db, await hashBenchSecrets(iterations), {
      first: 0,
      count: customers,
    });
  }
}
