import type { GrantPlan } from '../flow/steps/consent.js';
import type { ConsentRecord } from '../oauth/consent-record.js';
import { insertConsentRecord } from './consent-records.js';

export interface CodeRecord {
  codeHash: string;
  redirectUri: string;
  codeChallenge: string;
  /** The DPoP key the code may only be redeemed with (RFC 9449 §10), if it is bound to one. */
  dpopJkt?: string;
  expiresAt: number;
}

export type AuthorizationOutcome = 'allowed' | 'denied';

/**
 * Every write below runs only while the outcome row of the grant says 'allowed'; the grant id is
 * the statement's parameter `grantParameter`.
 */
const whileAllowed = (grantParameter: string) => `EXISTS (SELECT 1 FROM authorization_outcomes
                                WHERE grant_id = ${grantParameter} AND outcome = 'allowed')`;
const WHILE_ALLOWED = whileAllowed('?1');

/**
 * 許可 in one D1 batch (a single SQLite transaction): the outcome, the grant, its accounts, the
 * staged PIN registrations, the authorization code and the consent record (signed before the
 * batch) land together or not at all. Idempotent per grant id: a retry after an ambiguous failure
 * inserts nothing twice, and once a 拒否 has recorded 'denied' for the grant no retry, nor a late
 * copy of this batch, writes anything. Answers the outcome that stands after the batch.
 */
export async function commitAuthorization(
  db: D1Database,
  grantId: string,
  plan: GrantPlan,
  code: CodeRecord,
  consentRecord: ConsentRecord,
): Promise<AuthorizationOutcome> {
  const results = await db.batch<{ outcome: AuthorizationOutcome }>([
    db
      .prepare(
        `INSERT INTO authorization_outcomes (grant_id, outcome, decided_at) VALUES (?1, 'allowed', ?2)
           ON CONFLICT (grant_id) DO NOTHING`,
      )
      .bind(grantId, plan.createdAt),
    db
      .prepare(
        `INSERT OR IGNORE INTO grants (id, customer_id, client_id, scopes, created_at, expires_at)
           SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE ${WHILE_ALLOWED}`,
      )
      .bind(
        grantId,
        plan.customerId,
        plan.clientId,
        plan.scopes.join(' '),
        plan.createdAt,
        plan.expiresAt,
      ),
    ...plan.accountIds.map((accountId) =>
      db
        .prepare(
          `INSERT OR IGNORE INTO grant_accounts (grant_id, account_id)
             SELECT ?1, ?2 WHERE ${WHILE_ALLOWED}`,
        )
        .bind(grantId, accountId),
    ),
    ...plan.stagedPinAccountIds.map((accountId) =>
      db
        .prepare(
          `INSERT OR IGNORE INTO pin_registrations (account_id, customer_id, registered_at, grant_id)
             SELECT ?2, ?3, ?4, ?1 WHERE ${WHILE_ALLOWED}`,
        )
        .bind(grantId, accountId, plan.customerId, plan.createdAt),
    ),
    db
      .prepare(
        `INSERT OR IGNORE INTO authorization_codes
           (code_hash, grant_id, client_id, redirect_uri, code_challenge, expires_at, dpop_jkt)
           SELECT ?2, ?1, ?3, ?4, ?5, ?6, ?7 WHERE ${WHILE_ALLOWED}`,
      )
      .bind(
        grantId,
        code.codeHash,
        plan.clientId,
        code.redirectUri,
        code.codeChallenge,
        code.expiresAt,
        code.dpopJkt ?? null,
      ),
    insertConsentRecord(db, consentRecord, whileAllowed('?2')),
    db.prepare('SELECT outcome FROM authorization_outcomes WHERE grant_id = ?').bind(grantId),
  ]);
  return results[results.length - 1].results[0].outcome;
}

/**
 * 拒否 after a 許可 whose outcome is unknown: records 'denied' for the grant (overriding an
 * 'allowed' that landed; the customer never received its code) and deletes whatever that 許可
 * wrote, in one batch. Afterwards nothing of the grant exists, and nothing of it can be written.
 */
export async function undoAuthorization(
  db: D1Database,
  grantId: string,
  now: number,
): Promise<void> {
  await db.batch([
    db
      .prepare(
        `INSERT INTO authorization_outcomes (grant_id, outcome, decided_at) VALUES (?1, 'denied', ?2)
           ON CONFLICT (grant_id) DO UPDATE SET outcome = 'denied', decided_at = ?2`,
      )
      .bind(grantId, now),
    db.prepare('DELETE FROM authorization_codes WHERE grant_id = ?').bind(grantId),
    db.prepare('DELETE FROM tokens WHERE grant_id = ?').bind(grantId),
    db.prepare('DELETE FROM grant_accounts WHERE grant_id = ?').bind(grantId),
    db.prepare('DELETE FROM pin_registrations WHERE grant_id = ?').bind(grantId),
    // The record of a consent whose code never reached the partner records nothing that happened.
    db.prepare('DELETE FROM consent_records WHERE grant_id = ?').bind(grantId),
    db.prepare('DELETE FROM grants WHERE id = ?').bind(grantId),
  ]);
}
