-- The authorization server's own records: partners, scopes, pushed requests, grants, codes,
-- tokens and the inquiry-PIN registrations made through it. Append-only: add a new file.

CREATE TABLE scopes (
  name TEXT PRIMARY KEY,
  label_ja TEXT NOT NULL,
  label_en TEXT NOT NULL,
  position INTEGER NOT NULL
);

CREATE TABLE partners (
  client_id TEXT PRIMARY KEY,
  service_name_ja TEXT NOT NULL,
  service_name_en TEXT NOT NULL,
  company_name_ja TEXT NOT NULL,
  company_name_en TEXT NOT NULL,
  -- 'client_secret_basic' now; 'private_key_jwt' would add a jwks column.
  token_endpoint_auth_method TEXT NOT NULL DEFAULT 'client_secret_basic',
  client_secret_hash TEXT,
  redirect_uris TEXT NOT NULL,          -- JSON array, exact match
  embedding_origins TEXT NOT NULL,      -- JSON array, frame-ancestors and postMessage targets
  allowed_scopes TEXT NOT NULL,         -- JSON array of scope names
  shows_scope_selection INTEGER NOT NULL DEFAULT 1,
  allows_plain_authorization_request INTEGER NOT NULL DEFAULT 0,
  terms_url TEXT NOT NULL,
  privacy_url TEXT NOT NULL,
  details_url TEXT NOT NULL,
  authorization_period_days INTEGER NOT NULL DEFAULT 90
);

CREATE TABLE pushed_requests (
  request_uri TEXT PRIMARY KEY,
  client_id TEXT NOT NULL,
  request TEXT NOT NULL,                -- JSON AuthorizationRequest
  expires_at INTEGER NOT NULL,
  used_at INTEGER
);

CREATE TABLE grants (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL,
  client_id TEXT NOT NULL,
  scopes TEXT NOT NULL,                 -- space-separated, as in OAuth
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked_at INTEGER
);

CREATE TABLE grant_accounts (
  grant_id TEXT NOT NULL,
  account_id TEXT NOT NULL,
  PRIMARY KEY (grant_id, account_id)
);

CREATE TABLE pin_registrations (
  account_id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL,
  registered_at INTEGER NOT NULL
);

CREATE TABLE authorization_codes (
  code_hash TEXT PRIMARY KEY,
  grant_id TEXT NOT NULL,
  client_id TEXT NOT NULL,
  redirect_uri TEXT NOT NULL,
  code_challenge TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER
);

CREATE TABLE tokens (
  token_hash TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('access', 'refresh')),
  grant_id TEXT NOT NULL,
  client_id TEXT NOT NULL,
  -- Every token descends from one authorization code; replaying the code or a rotated refresh
  -- token revokes the whole family.
  code_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked_at INTEGER
);

CREATE INDEX tokens_by_code ON tokens (code_hash);
CREATE INDEX tokens_by_grant ON tokens (grant_id);
