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

/**
 * One 許可 of one transaction: its own id, the arbiter of its retries, and the grant it commits.
 * A new grant's first authorization has the grant's id; a re-consent (grant_management_action
 * `replace` or `merge`) has an id of its own and the existing grant's id.
 */
export interface AuthorizationKeys {
  authorizationId: string;
  grantId: string;
}

/** `grant_unavailable`: a re-consent whose grant was revoked, or is not the customer's. */
export type AuthorizationOutcome = 'allowed' | 'denied' | 'grant_unavailable';

export const isReconsent = ({ authorizationId, grantId }: AuthorizationKeys) =>
  authorizationId !== grantId;

/**
 * Every write below runs only while the outcome row of the authorization says 'allowed'; the
 * authorization id is the statement's parameter `parameter`.
 */
const whileAllowed = (parameter: string) => `EXISTS (SELECT 1 FROM authorization_outcomes
                                WHERE authorization_id = ${parameter} AND outcome = 'allowed')`;
const WHILE_ALLOWED = whileAllowed('?1');

/**
 * A re-consent's changes to its grant run only in the batch that took the grant's snapshot
 * (`applying` = 1), so a retry, or a late copy of the batch, changes the grant no further.
 */
const WHILE_APPLYING = `EXISTS (SELECT 1 FROM grant_snapshots
                                WHERE authorization_id = ?1 AND applying = 1)`;

/**
 * 許可 in one D1 batch (a single SQLite transaction): the outcome, the grant (new, or changed by a
 * re-consent), its accounts, the staged PIN registrations, the authorization code and the consent
 * record (signed before the batch) land together or not at all. Idempotent per authorization: a
 * retry after an ambiguous failure writes nothing twice, and once a 拒否 has recorded 'denied'
 * for the authorization no retry, nor a late copy of this batch, writes anything. Answers the
 * outcome that stands after the batch.
 */
export async function commitAuthorization(
  db: D1Database,
  keys: AuthorizationKeys,
  plan: GrantPlan,
  code: CodeRecord,
  consentRecord: ConsentRecord,
): Promise<AuthorizationOutcome> {
  const { authorizationId, grantId } = keys;
  const grantStatements = isReconsent(keys)
    ? reconsentStatements(db, keys, plan)
    : [...newGrantStatements(db, keys, plan), ...grantAccountStatements(db, keys, plan)];
  const results = await db.batch<{ outcome: AuthorizationOutcome }>([
    ...grantStatements,
    ...plan.stagedPinAccountIds.map((accountId) =>
      db
        .prepare(
          `INSERT OR IGNORE INTO pin_registrations
             (account_id, customer_id, registered_at, grant_id, authorization_id)
             SELECT ?2, ?3, ?4, ?5, ?1 WHERE ${WHILE_ALLOWED}`,
        )
        .bind(authorizationId, accountId, plan.customerId, plan.createdAt, grantId),
    ),
    db
      .prepare(
        `INSERT OR IGNORE INTO authorization_codes
           (code_hash, grant_id, client_id, redirect_uri, code_challenge, expires_at, dpop_jkt)
           SELECT ?2, ?8, ?3, ?4, ?5, ?6, ?7 WHERE ${WHILE_ALLOWED}`,
      )
      .bind(
        authorizationId,
        code.codeHash,
        plan.clientId,
        code.redirectUri,
        code.codeChallenge,
        code.expiresAt,
        code.dpopJkt ?? null,
        grantId,
      ),
    insertConsentRecord(db, consentRecord, whileAllowed('?7'), authorizationId),
    // A re-consent's snapshot is done applying; its changes never run again.
    db
      .prepare('UPDATE grant_snapshots SET applying = 0 WHERE authorization_id = ?')
      .bind(authorizationId),
    db
      .prepare('SELECT outcome FROM authorization_outcomes WHERE authorization_id = ?')
      .bind(authorizationId),
  ]);
  const [row] = results[results.length - 1].results;
  return row ? row.outcome : 'grant_unavailable';
}

/** A new grant: the outcome, then the grant itself. */
function newGrantStatements(
  db: D1Database,
  { authorizationId, grantId }: AuthorizationKeys,
  plan: GrantPlan,
): D1PreparedStatement[] {
  return [
    db
      .prepare(
        `INSERT INTO authorization_outcomes (authorization_id, outcome, decided_at)
           VALUES (?1, 'allowed', ?2) ON CONFLICT (authorization_id) DO NOTHING`,
      )
      .bind(authorizationId, plan.createdAt),
    db
      .prepare(
        `INSERT OR IGNORE INTO grants (id, customer_id, client_id, scopes, created_at, expires_at)
           SELECT ?7, ?2, ?3, ?4, ?5, ?6 WHERE ${WHILE_ALLOWED}`,
      )
      .bind(
        authorizationId,
        plan.customerId,
        plan.clientId,
        plan.scopes.join(' '),
        plan.createdAt,
        plan.expiresAt,
        grantId,
      ),
  ];
}

function grantAccountStatements(
  db: D1Database,
  { authorizationId, grantId }: AuthorizationKeys,
  plan: GrantPlan,
): D1PreparedStatement[] {
  return plan.accountIds.map((accountId) =>
    db
      .prepare(
        `INSERT OR IGNORE INTO grant_accounts (grant_id, account_id)
           SELECT ?2, ?3 WHERE ${WHILE_ALLOWED}`,
      )
      .bind(authorizationId, grantId, accountId),
  );
}

/**
 * A re-consent to an existing grant (OpenID Grant Management for OAuth 2.0, `replace` or
 * `merge`; the plan already holds the union for `merge`): allowed only while the grant is the
 * partner's and the customer's and not revoked (an expired one may be renewed). It snapshots
 * what the grant holds, then gives the grant the plan's services, accounts and a new period, and
 * ends everything issued under the old consent: its tokens are revoked, its unredeemed codes
 * used up, and their token families marked revoked, so that tokens a late redemption of an old
 * code would save are refused too (server/storage/tokens.ts). The grant keeps its id, and the
 * accounts kept keep theirs.
 * @see https://openid.net/specs/oauth-v2-grant-management.html ("Authorization Request")
 */
function reconsentStatements(
  db: D1Database,
  { authorizationId, grantId }: AuthorizationKeys,
  plan: GrantPlan,
): D1PreparedStatement[] {
  const accountIds = JSON.stringify(plan.accountIds);
  return [
    db
      .prepare(
        `INSERT INTO authorization_outcomes (authorization_id, outcome, decided_at)
           SELECT ?1, 'allowed', ?2
            WHERE EXISTS (SELECT 1 FROM grants WHERE id = ?3 AND customer_id = ?4
                             AND client_id = ?5 AND revoked_at IS NULL)
           ON CONFLICT (authorization_id) DO NOTHING`,
      )
      .bind(authorizationId, plan.createdAt, grantId, plan.customerId, plan.clientId),
    db
      .prepare(
        `INSERT OR IGNORE INTO grant_snapshots
           (authorization_id, grant_id, scopes, account_ids, expires_at, previous_authorization_id,
            taken_at)
           SELECT ?1, id, scopes,
                  (SELECT json_group_array(account_id) FROM grant_accounts WHERE grant_id = ?2),
                  expires_at, authorization_id, ?3
             FROM grants WHERE id = ?2 AND ${WHILE_ALLOWED}`,
      )
      .bind(authorizationId, grantId, plan.createdAt),
    db
      .prepare(
        `UPDATE grants SET scopes = ?3, expires_at = ?4, authorization_id = ?1
          WHERE id = ?2 AND ${WHILE_APPLYING}`,
      )
      .bind(authorizationId, grantId, plan.scopes.join(' '), plan.expiresAt),
    db
      .prepare(
        `DELETE FROM grant_accounts
          WHERE grant_id = ?2 AND account_id NOT IN (SELECT value FROM json_each(?3))
            AND ${WHILE_APPLYING}`,
      )
      .bind(authorizationId, grantId, accountIds),
    db
      .prepare(
        `INSERT OR IGNORE INTO grant_accounts (grant_id, account_id)
           SELECT ?2, value FROM json_each(?3) WHERE ${WHILE_APPLYING}`,
      )
      .bind(authorizationId, grantId, accountIds),
    db
      .prepare(
        `INSERT OR IGNORE INTO revoked_token_families (code_hash, revoked_at, expires_at)
           SELECT code_hash, ?3, ?4 FROM authorization_codes
            WHERE grant_id = ?2 AND ${WHILE_APPLYING}`,
      )
      .bind(authorizationId, grantId, plan.createdAt, plan.expiresAt),
    db
      .prepare(
        `UPDATE tokens SET revoked_at = ?3
          WHERE grant_id = ?2 AND revoked_at IS NULL AND ${WHILE_APPLYING}`,
      )
      .bind(authorizationId, grantId, plan.createdAt),
    db
      .prepare(
        `UPDATE authorization_codes SET used_at = ?3
          WHERE grant_id = ?2 AND used_at IS NULL AND ${WHILE_APPLYING}`,
      )
      .bind(authorizationId, grantId, plan.createdAt),
  ];
}

/**
 * 拒否 after a 許可 whose outcome is unknown: records 'denied' for the authorization (overriding
 * an 'allowed' that landed; the customer never received its code) and undoes whatever that 許可
 * wrote, in one batch. A new grant is deleted with everything of it. A re-consent leaves the
 * grant as it was before: the snapshot's services, accounts, period and authorization come back
 * (unless a later re-consent has changed the grant since), and its code, the code's tokens, its
 * PIN registrations and its consent record go; the old tokens it revoked stay revoked.
 * Afterwards nothing of the authorization can be written.
 */
export async function undoAuthorization(
  db: D1Database,
  keys: AuthorizationKeys,
  codeHash: string,
  now: number,
): Promise<void> {
  const { authorizationId, grantId } = keys;
  await db.batch([
    db
      .prepare(
        `INSERT INTO authorization_outcomes (authorization_id, outcome, decided_at)
           VALUES (?1, 'denied', ?2)
           ON CONFLICT (authorization_id) DO UPDATE SET outcome = 'denied', decided_at = ?2`,
      )
      .bind(authorizationId, now),
    db.prepare('DELETE FROM authorization_codes WHERE code_hash = ?').bind(codeHash),
    db.prepare('DELETE FROM tokens WHERE code_hash = ?').bind(codeHash),
    db.prepare('DELETE FROM pin_registrations WHERE authorization_id = ?').bind(authorizationId),
    // The record of a consent whose code never reached the partner records nothing that happened.
    db.prepare('DELETE FROM consent_records WHERE authorization_id = ?').bind(authorizationId),
    ...(isReconsent(keys)
      ? restoreStatements(db, keys)
      : [
          db.prepare('DELETE FROM tokens WHERE grant_id = ?').bind(grantId),
          db.prepare('DELETE FROM grant_accounts WHERE grant_id = ?').bind(grantId),
          db.prepare('DELETE FROM consent_records WHERE grant_id = ?').bind(grantId),
          db.prepare('DELETE FROM grants WHERE id = ?').bind(grantId),
        ]),
  ]);
}

/** The grant as its snapshot kept it, while the grant still holds this re-consent's choice. */
function restoreStatements(
  db: D1Database,
  { authorizationId, grantId }: AuthorizationKeys,
): D1PreparedStatement[] {
  const holdsThisChoice = 'EXISTS (SELECT 1 FROM grants WHERE id = ?2 AND authorization_id = ?1)';
  return [
    db
      .prepare(`DELETE FROM grant_accounts WHERE grant_id = ?2 AND ${holdsThisChoice}`)
      .bind(authorizationId, grantId),
    db
      .prepare(
        `INSERT OR IGNORE INTO grant_accounts (grant_id, account_id)
           SELECT ?2, accounts.value
             FROM grant_snapshots, json_each(grant_snapshots.account_ids) AS accounts
            WHERE grant_snapshots.authorization_id = ?1 AND ${holdsThisChoice}`,
      )
      .bind(authorizationId, grantId),
    db
      .prepare(
        `UPDATE grants
            SET (scopes, expires_at, authorization_id) =
                (SELECT scopes, expires_at, previous_authorization_id
                   FROM grant_snapshots WHERE authorization_id = ?1)
          WHERE id = ?2 AND authorization_id = ?1`,
      )
      .bind(authorizationId, grantId),
  ];
}
