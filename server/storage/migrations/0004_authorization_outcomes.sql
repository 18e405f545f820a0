-- One row per authorization decision, keyed by the grant id its first 許可 minted: the arbiter
-- that makes 許可 commit at most once however often it is retried, and lets a 拒否 after an
-- ambiguous failure undo what landed (server/storage/authorization-commit.ts).
CREATE TABLE authorization_outcomes (
  grant_id TEXT PRIMARY KEY,
  outcome TEXT NOT NULL CHECK (outcome IN ('allowed', 'denied')),
  decided_at INTEGER NOT NULL
);

-- The grant whose 許可 registered the PIN, so that undoing that 許可 removes only its own rows.
ALTER TABLE pin_registrations ADD COLUMN grant_id TEXT;
