-- The demo credit union's own systems (customer directory, accounts with inquiry PINs, ledger).
-- A real bank replaces server/bank/demo/ and these tables with its core systems.

CREATE TABLE bank_customers (
  id TEXT PRIMARY KEY,
  login_id TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  requires_step_up INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE bank_certificates (
  fingerprint_sha256 TEXT PRIMARY KEY,  -- lower-case hex, as in request.cf.tlsClientAuth
  customer_id TEXT NOT NULL
);

CREATE TABLE bank_secret_questions (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL,
  question_ja TEXT NOT NULL,
  question_en TEXT NOT NULL,
  answer_hash TEXT NOT NULL
);

CREATE TABLE bank_account_types (
  code TEXT PRIMARY KEY,
  label_ja TEXT NOT NULL,
  label_en TEXT NOT NULL
);

CREATE TABLE bank_accounts (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  branch_name_ja TEXT NOT NULL,
  branch_name_en TEXT NOT NULL,
  branch_code TEXT NOT NULL,
  account_type TEXT NOT NULL,
  account_number TEXT NOT NULL,
  memo TEXT,
  inquiry_pin_hash TEXT NOT NULL
);

CREATE INDEX bank_accounts_by_customer ON bank_accounts (customer_id, position);

CREATE TABLE bank_ledger (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  booked_on TEXT NOT NULL,              -- YYYY-MM-DD, JST
  description TEXT NOT NULL,
  amount INTEGER NOT NULL,              -- yen; negative for withdrawals
  balance_after INTEGER NOT NULL
);

CREATE INDEX bank_ledger_by_account ON bank_ledger (account_id, booked_on);
