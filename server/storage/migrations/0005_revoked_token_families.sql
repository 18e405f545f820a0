-- Token families (every token descended from one authorization code, tokens.code_hash) that a
-- replayed code, a reused refresh token or a revoked refresh token ended. Token issuance inserts
-- only while its family has no row here, and a revocation writes the row and revokes the family's
-- tokens in one batch, so a concurrent winner's tokens are either revoked with the family or never
-- issued (server/storage/tokens.ts).
CREATE TABLE revoked_token_families (
  code_hash TEXT PRIMARY KEY,
  revoked_at INTEGER NOT NULL,
  -- No token outlives its grant, so the row can go once the grant has ended.
  expires_at INTEGER NOT NULL
);
