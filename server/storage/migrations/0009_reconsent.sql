-- Re-consent keeps the grant (OpenID Grant Management for OAuth 2.0, grant_management_action
-- `replace` and `merge`): one grant may now be allowed more than once, so each 許可 is an
-- authorization of its own, keyed by an authorization id (a grant's first authorization has the
-- grant's own id), and a re-consent keeps what the grant held before it, so that undoing it
-- restores exactly that (server/storage/authorization-commit.ts).

-- Outcomes are per authorization: rows so far are first authorizations, whose id is the grant's.
ALTER TABLE authorization_outcomes RENAME COLUMN grant_id TO authorization_id;

-- The re-consent whose choice the grant holds now; NULL while it holds its first authorization's.
ALTER TABLE grants ADD COLUMN authorization_id TEXT;

-- The authorization whose 許可 registered the PIN, so that undoing it removes only its own rows.
ALTER TABLE pin_registrations ADD COLUMN authorization_id TEXT;
UPDATE pin_registrations SET authorization_id = grant_id;

-- What a grant held before a re-consent changed it, one row per re-consent. `applying` is 1 only
-- inside the batch that takes it, so the batch's changes run once, however often it is retried.
CREATE TABLE grant_snapshots (
  authorization_id TEXT PRIMARY KEY,
  grant_id TEXT NOT NULL,
  scopes TEXT NOT NULL,
  account_ids TEXT NOT NULL,            -- JSON array
  expires_at INTEGER NOT NULL,
  previous_authorization_id TEXT,
  applying INTEGER NOT NULL DEFAULT 1,
  taken_at INTEGER NOT NULL
);

-- Consent records gain `renewed` (the Data Privacy Vocabulary's RenewedConsentGiven: the customer
-- allowed the grant again) and the authorization that gave each `given` or `renewed` record, so
-- that a retried commit stores its record once and an undone one takes its own record only.
-- SQLite cannot change a CHECK constraint in place, so the table is rebuilt.
CREATE TABLE consent_records_v2 (
  record_id TEXT PRIMARY KEY,
  grant_id TEXT NOT NULL,
  authorization_id TEXT,
  status TEXT NOT NULL CHECK (status IN ('given', 'renewed', 'revoked', 'withdrawn')),
  recorded_at INTEGER NOT NULL,
  claims TEXT NOT NULL,
  jws TEXT NOT NULL
);
INSERT INTO consent_records_v2 (record_id, grant_id, authorization_id, status, recorded_at, claims, jws)
  SELECT record_id, grant_id, CASE WHEN status = 'given' THEN grant_id END, status, recorded_at,
         claims, jws
    FROM consent_records;
DROP TABLE consent_records;
ALTER TABLE consent_records_v2 RENAME TO consent_records;
CREATE INDEX consent_records_by_grant ON consent_records (grant_id, recorded_at);
CREATE UNIQUE INDEX consent_records_by_authorization ON consent_records (authorization_id);
