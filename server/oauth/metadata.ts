import { SIGNING_ALGORITHMS } from './signed-jwt-rules.js';

/** Every method a partner may be registered for (partners.token_endpoint_auth_method). */
const CLIENT_AUTHENTICATION_METHODS = ['client_secret_basic', 'private_key_jwt'];

/**
 * The grant management actions: `query` and `revoke` at the grant management endpoint
 * (server/routes/grants.ts); `create`, `merge` and `replace` as an authorization request's
 * `grant_management_action` (server/oauth/grant-management-request.ts).
 */
const GRANT_MANAGEMENT_ACTIONS = ['query', 'revoke', 'create', 'merge', 'replace'];

/**
 * Authorization server metadata. Client authentication is the same at the token, PAR and
 * revocation endpoints, so each lists the same methods and algorithms.
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-2
 * @see https://www.rfc-editor.org/rfc/rfc9126#section-5
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-5.1
 * @see https://openid.net/specs/oauth-v2-grant-management.html ("Authorization server's metadata")
 */
export function authorizationServerMetadata(
  issuer: string,
  scopes: string[],
  requirePushedRequests: boolean,
) {
  return {
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    revocation_endpoint: `${issuer}/revoke`,
    pushed_authorization_request_endpoint: `${issuer}/par`,
    scopes_supported: scopes,
    response_types_supported: ['code'],
    response_modes_supported: ['query', 'web_message'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    token_endpoint_auth_methods_supported: CLIENT_AUTHENTICATION_METHODS,
    token_endpoint_auth_signing_alg_values_supported: SIGNING_ALGORITHMS,
    revocation_endpoint_auth_methods_supported: CLIENT_AUTHENTICATION_METHODS,
    revocation_endpoint_auth_signing_alg_values_supported: SIGNING_ALGORITHMS,
    code_challenge_methods_supported: ['S256'],
    dpop_signing_alg_values_supported: SIGNING_ALGORITHMS,
    authorization_response_iss_parameter_supported: true,
    require_pushed_authorization_requests: requirePushedRequests,
    // The key that verifies the bank's signed consent records (server/oauth/consent-record.ts).
    jwks_uri: `${issuer}/.well-known/jwks.json`,
    grant_management_endpoint: `${issuer}/grants`,
    grant_management_actions_supported: GRANT_MANAGEMENT_ACTIONS,
    grant_management_action_required: false,
  };
}
