-- Partners registered for the FAPI 2.0 Security Profile: PAR only, private_key_jwt and DPoP
-- (server/oauth/partner-profile.ts). token_endpoint_auth_method may now be 'client_secret_basic'
-- or 'private_key_jwt'; the latter checks client assertions against the partner's public keys.
ALTER TABLE partners ADD COLUMN profile TEXT NOT NULL DEFAULT 'basic'
  CHECK (profile IN ('basic', 'fapi2'));
ALTER TABLE partners ADD COLUMN jwks TEXT;             -- JSON JWK Set, public keys only

-- The RFC 7638 thumbprint of the DPoP key an authorization was bound to at PAR (RFC 9449 §10):
-- its code can only be redeemed with a proof signed by that key.
ALTER TABLE authorization_codes ADD COLUMN dpop_jkt TEXT;

-- The key a DPoP-bound token is bound to (RFC 9449 §6, cnf.jkt): an access token is accepted only
-- with a proof by that key, a refresh token refreshes only with one.
ALTER TABLE tokens ADD COLUMN dpop_jkt TEXT;
