import {
  storedConsentRecord,
  type ConsentRecordRow,
  type StoredConsentRecord,
} from './consent-records.js';

/**
 * The signed consent records of one grant, oldest first, only when the grant is the customer's:
 * 連携サービス一覧 offers a customer their own records (同意記録) and nobody else's, whatever
 * grant id the request names. Empty when the grant is unknown or another customer's.
 */
export async function customerConsentRecords(
  db: D1Database,
  grantId: string,
  customerId: string,
): Promise<StoredConsentRecord[]> {
  const { results } = await db
    .prepare(
      `SELECT r.status, r.claims, r.jws
         FROM consent_records r JOIN grants g ON g.id = r.grant_id
        WHERE r.grant_id = ? AND g.customer_id = ?
        ORDER BY r.recorded_at, r.rowid`,
    )
    .bind(grantId, customerId)
    .all<ConsentRecordRow>();
  return results.map(storedConsentRecord);
}
