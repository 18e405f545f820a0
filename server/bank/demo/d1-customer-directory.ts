import { UNMATCHABLE_HASH, verifySecret } from '../../crypto/password-hash.js';
import type { CustomerDirectory } from '../ports.js';

export class D1CustomerDirectory implements CustomerDirectory {
  constructor(private readonly db: D1Database) {}

  async verifyPassword(loginId: string, password: string): Promise<string | null> {
    const row = await this.db
      .prepare('SELECT id, password_hash, certificate_only FROM bank_customers WHERE login_id = ?')
      .bind(loginId)
      .first<{ id: string; password_hash: string; certificate_only: number }>();
    // Hash even for an unknown ID so that timing does not reveal which IDs exist.
    const matches = await verifySecret(password, row?.password_hash ?? UNMATCHABLE_HASH);
    // A certificate-only customer's password counts only after their certificate (1-1).
    return row && matches && row.certificate_only === 0 ? row.id : null;
  }

  async verifyPasswordOf(customerId: string, password: string): Promise<boolean> {
    const row = await this.db
      .prepare('SELECT password_hash FROM bank_customers WHERE id = ?')
      .bind(customerId)
      .first<{ password_hash: string }>();
    const matches = await verifySecret(password, row?.password_hash ?? UNMATCHABLE_HASH);
    return row !== null && matches;
  }

  async findByCertificate(fingerprintSha256: string): Promise<string | null> {
    const row = await this.db
      .prepare('SELECT customer_id FROM bank_certificates WHERE fingerprint_sha256 = ?')
      .bind(fingerprintSha256.toLowerCase())
      .first<{ customer_id: string }>();
    return row?.customer_id ?? null;
  }

  async loginIdOf(customerId: string): Promise<string | null> {
    const row = await this.db
      .prepare('SELECT login_id FROM bank_customers WHERE id = ?')
      .bind(customerId)
      .first<{ login_id: string }>();
    return row?.login_id ?? null;
  }
}
