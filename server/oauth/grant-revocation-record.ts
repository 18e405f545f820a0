import { insertConsentRecord, consentRecordsOf } from '../storage/consent-records.js';
import { revokeGrant } from '../storage/grant-revocation.js';
import { revocationConsentRecord } from './consent-record.js';

/**
 * Revokes the grant (storage/grant-revocation.ts, the one revocation path) and then stores the
 * signed record of its end: `revoked` when the partner revoked it, `withdrawn` when the customer
 * did. The record is stored whenever the grant is revoked and has none yet, so a call repeated
 * after a failure between the two writes still leaves exactly one. Answers whether the grant was
 * live until now.
 */
export async function revokeGrantWithRecord(
  env: Env,
  grantId: string,
  by: 'partner' | 'customer',
  now: number,
): Promise<boolean> {
  const wasLive = await revokeGrant(env.DB, grantId, now);
  // The consent as it stands: the latest given, or renewed by a re-consent.
  const given = (await consentRecordsOf(env.DB, grantId))
    .filter((record) => record.status === 'given' || record.status === 'renewed')
    .at(-1);
  if (given) {
    const record = await revocationConsentRecord(env, given.claims, by, now);
    await insertConsentRecord(
      env.DB,
      record,
      'EXISTS (SELECT 1 FROM grants WHERE id = ?2 AND revoked_at IS NOT NULL)',
    ).run();
  }
  return wasLive;
}
