import * as z from 'zod';
import type { AuthorizationRequest } from '../flow/types.js';
import { OAuthError } from '../http/oauth-error.js';
import type { Partner } from '../storage/partners.js';
import { JKT_PATTERN, type DpopProof } from './dpop.js';
import { requestedGrantManagement } from './grant-management-request.js';
import { CODE_CHALLENGE_PATTERN } from './pkce.js';

/** The authorization request parameters, shared by PAR (RFC 9126) and the plain request. */
export const authorizationParameters = z.object({
  client_id: z.string().min(1).max(128).optional(),
  response_type: z.string().max(64),
  redirect_uri: z.string().min(1).max(2048),
  scope: z.string().min(1).max(1024),
  /** Optional: PKCE protects the response (RFC 9700 §2.1). */
  state: z.string().min(1).max(512).optional(),
  code_challenge: z.string().max(128),
  code_challenge_method: z.string().max(16),
  response_mode: z.string().max(32).optional(),
  request_uri: z.string().max(512).optional(),
  /** @see https://www.rfc-editor.org/rfc/rfc9449#section-10 */
  dpop_jkt: z.string().max(64).optional(),
  /** @see https://openid.net/specs/openid-connect-core-1_0.html#AuthRequest */
  ui_locales: z.string().max(256).optional(),
  /** @see https://openid.net/specs/oauth-v2-grant-management.html ("Authorization Request") */
  grant_management_action: z.string().max(32).optional(),
  grant_id: z.string().min(1).max(64).optional(),
});

export type AuthorizationParameters = z.infer<typeof authorizationParameters>;

/**
 * Checks a request against the partner's registration and the bank's configuration (its issuer
 * identifier), one guard per rule, and returns it in the engine's terms (a re-consent's grant is
 * checked against storage after, by assertGrantToReconsent). Every parameter counts,
 * pushed or not: `ui_locales` and `dpop_jkt` travel with the request to the hosted page and the
 * code (RFC 9126 §4).
 */
export function validateAuthorizationRequest(
  partner: Partner,
  params: AuthorizationParameters,
  issuer: string,
): AuthorizationRequest {
  assertCodeResponseType(params.response_type);
  assertRegisteredRedirectUri(partner, params.redirect_uri);
  assertHttpsInProduction(issuer, params.redirect_uri);
  const scopes = allowedScopes(partner, params.scope);
  assertS256Challenge(params.code_challenge, params.code_challenge_method);
  const responseMode = supportedResponseMode(partner, params.response_mode, params.redirect_uri);
  assertThumbprint(params.dpop_jkt);
  const grantManagement = requestedGrantManagement(params.grant_management_action, params.grant_id);
  return {
    clientId: partner.clientId,
    redirectUri: params.redirect_uri,
    scopes,
    ...(params.state === undefined ? {} : { state: params.state }),
    codeChallenge: params.code_challenge,
    responseMode,
    ...(params.dpop_jkt === undefined ? {} : { dpopJkt: params.dpop_jkt }),
    ...(params.ui_locales === undefined ? {} : { uiLocales: params.ui_locales }),
    ...(grantManagement && { grantManagement }),
  };
}

/**
 * A DPoP proof sent with the pushed request binds the code to its key as `dpop_jkt` would; sent
 * together, both must name the same key.
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-10.1
 */
export function bindToPushedProof(
  request: AuthorizationRequest,
  proof: DpopProof | null,
): AuthorizationRequest {
  if (!proof) return request;
  if (request.dpopJkt !== undefined && request.dpopJkt !== proof.jkt) {
    throw new OAuthError(
      'invalid_dpop_proof',
      'dpop_jkt does not match the key of the DPoP proof.',
    );
  }
  return { ...request, dpopJkt: proof.jkt };
}

/** @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.1 */
function assertCodeResponseType(responseType: string): void {
  if (responseType !== 'code') {
    throw new OAuthError('unsupported_response_type', 'Only response_type=code is supported.');
  }
}

/**
 * Exact string match against a registered URI: no prefix, no normalisation.
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-4.1.3
 */
function assertRegisteredRedirectUri(partner: Partner, redirectUri: string): void {
  if (!partner.redirectUris.includes(redirectUri)) {
    throw new OAuthError('invalid_request', 'redirect_uri is not registered for this client.');
  }
}

/**
 * A bank whose issuer is https (a production configuration; RFC 8414 §2 requires it) sends codes
 * only to https redirect URIs, whatever was registered: over http the code would cross the
 * network in the clear. The local demo runs on http throughout, its issuer included.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-3.1.2.1
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-2 (issuer)
 */
function assertHttpsInProduction(issuer: string, redirectUri: string): void {
  if (issuer.startsWith('https:') && !redirectUri.startsWith('https:')) {
    throw new OAuthError('invalid_request', 'redirect_uri must use https.');
  }
}

/**
 * `dpop_jkt` binds the code to a DPoP key by the key's SHA-256 JWK thumbprint.
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-10
 */
function assertThumbprint(dpopJkt: string | undefined): void {
  if (dpopJkt !== undefined && !JKT_PATTERN.test(dpopJkt)) {
    throw new OAuthError('invalid_request', 'dpop_jkt must be a base64url SHA-256 JWK thumbprint.');
  }
}

/** @see https://www.rfc-editor.org/rfc/rfc6749#section-3.3 */
function allowedScopes(partner: Partner, scope: string): string[] {
  const scopes = [...new Set(scope.split(' ').filter(Boolean))];
  if (scopes.length === 0 || scopes.some((name) => !partner.allowedScopes.includes(name))) {
    throw new OAuthError(
      'invalid_scope',
      'The requested scope is invalid or not allowed for this client.',
    );
  }
  return scopes;
}

/** PKCE with S256 is required of every partner. @see https://www.rfc-editor.org/rfc/rfc7636#section-4.3 */
function assertS256Challenge(challenge: string, method: string): void {
  if (method !== 'S256') {
    throw new OAuthError('invalid_request', 'code_challenge_method must be S256.');
  }
  if (!CODE_CHALLENGE_PATTERN.test(challenge)) {
    throw new OAuthError('invalid_request', 'code_challenge must be a base64url SHA-256 digest.');
  }
}

/**
 * `query` (the default) redirects; `web_message` hands the response to the partner page that
 * framed the bank's page, so its origin must be one the partner registered for embedding.
 */
function supportedResponseMode(
  partner: Partner,
  responseMode: string | undefined,
  redirectUri: string,
): AuthorizationRequest['responseMode'] {
  if (responseMode === undefined || responseMode === 'query') return 'query';
  if (responseMode !== 'web_message') {
    throw new OAuthError('invalid_request', 'response_mode must be query or web_message.');
  }
  if (!partner.embeddingOrigins.includes(new URL(redirectUri).origin)) {
    throw new OAuthError(
      'invalid_request',
      'web_message needs a redirect_uri on a registered embedding origin.',
    );
  }
  return 'web_message';
}
