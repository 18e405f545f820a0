-- Grant management for partners (OpenID Grant Management for OAuth 2.0) and the bank's signed
-- consent records (ISO/IEC TS 27560).

-- When the partner last used the grant (the account API or a refresh), written at most about
-- once a minute per grant (server/storage/grant-use.ts).
ALTER TABLE grants ADD COLUMN last_used_at INTEGER;

-- Every consent record the bank signed: one when the customer allows (status 'given'), one when
-- the grant is revoked ('revoked' by the partner, 'withdrawn' by the customer). Rows are only
-- ever inserted; a 許可 undone before its code reached the partner takes its record with it
-- (server/storage/authorization-commit.ts).
CREATE TABLE consent_records (
  record_id TEXT PRIMARY KEY,
  grant_id TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('given', 'revoked', 'withdrawn')),
  recorded_at INTEGER NOT NULL,
  claims TEXT NOT NULL,                 -- JSON, the signed payload
  jws TEXT NOT NULL                     -- the compact JWS (ES256) handed to the partner
);

CREATE INDEX consent_records_by_grant ON consent_records (grant_id, recorded_at);
