import type { ConsentRecord, ConsentRecordClaims } from '../oauth/consent-record.js';

/**
 * The statement that stores a signed consent record, for a batch: it inserts only while
 * `condition` holds (bound parameters ?1 to ?7 are the record's). A `given` or `renewed` record
 * comes from one authorization (`authorizationId`, server/storage/authorization-commit.ts) and is
 * stored once for it; a grant gets one record of its end (revoked or withdrawn, whichever came
 * first). So a retried commit or revocation stores nothing twice.
 */
export function insertConsentRecord(
  db: D1Database,
  record: ConsentRecord,
  condition = '1',
  authorizationId: string | null = null,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO consent_records (record_id, grant_id, status, recorded_at, claims, jws, authorization_id)
         SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7
          WHERE ${condition}
            AND NOT EXISTS (SELECT 1 FROM consent_records
                             WHERE CASE WHEN ?7 IS NULL
                                        THEN grant_id = ?2 AND status IN ('revoked', 'withdrawn')
                                        ELSE authorization_id = ?7 END)`,
    )
    .bind(
      record.recordId,
      record.grantId,
      record.status,
      record.recordedAt,
      JSON.stringify(record.claims),
      record.jws,
      authorizationId,
    );
}

export interface StoredConsentRecord {
  status: ConsentRecordClaims['status'];
  claims: ConsentRecordClaims;
  jws: string;
}

/** The grant's records, oldest first. */
export async function consentRecordsOf(
  db: D1Database,
  grantId: string,
): Promise<StoredConsentRecord[]> {
  const { results } = await db
    .prepare(
      `SELECT status, claims, jws FROM consent_records WHERE grant_id = ?
        ORDER BY recorded_at, rowid`,
    )
    .bind(grantId)
    .all<ConsentRecordRow>();
  return results.map(storedConsentRecord);
}

/** A row of `SELECT status, claims, jws FROM consent_records`. */
export interface ConsentRecordRow {
  status: ConsentRecordClaims['status'];
  claims: string;
  jws: string;
}

export function storedConsentRecord(row: ConsentRecordRow): StoredConsentRecord {
  return {
    status: row.status,
    claims: JSON.parse(row.claims) as ConsentRecordClaims,
    jws: row.jws,
  };
}
