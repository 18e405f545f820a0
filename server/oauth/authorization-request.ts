import * as z from 'zod';
import type { AuthorizationRequest } from '../flow/types.js';
import { OAuthError } from '../http/oauth-error.js';
import type { Partner } from '../storage/partners.js';
import { CODE_CHALLENGE_PATTERN } from './pkce.js';

/** The authorization request parameters, shared by PAR (RFC 9126) and the plain request. */
export const authorizationParameters = z.object({
  client_id: z.string().min(1).max(128).optional(),
  response_type: z.string().max(64),
  redirect_uri: z.string().min(1).max(2048),
  scope: z.string().min(1).max(1024),
  state: z.string().min(1).max(512),
  code_challenge: z.string().max(128),
  code_challenge_method: z.string().max(16),
  response_mode: z.string().max(32).optional(),
  request_uri: z.string().max(512).optional(),
});

export type AuthorizationParameters = z.infer<typeof authorizationParameters>;

/**
 * Checks a request against the partner's registration, one guard per rule, and returns it in
 * the engine's terms.
 */
export function validateAuthorizationRequest(partner: Partner, params: AuthorizationParameters): AuthorizationRequest {
  assertCodeResponseType(params.response_type);
  assertRegisteredRedirectUri(partner, params.redirect_uri);
  const scopes = allowedScopes(partner, params.scope);
  assertS256Challenge(params.code_challenge, params.code_challenge_method);
  const responseMode = supportedResponseMode(partner, params.response_mode, params.redirect_uri);
  return {
    clientId: partner.clientId,
    redirectUri: params.redirect_uri,
    scopes,
    state: params.state,
    codeChallenge: params.code_challenge,
    responseMode,
  };
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

/** @see https://www.rfc-editor.org/rfc/rfc6749#section-3.3 */
function allowedScopes(partner: Partner, scope: string): string[] {
  const scopes = [...new Set(scope.split(' ').filter(Boolean))];
  if (scopes.length === 0 || scopes.some((name) => !partner.allowedScopes.includes(name))) {
    throw new OAuthError('invalid_scope', 'The requested scope is invalid or not allowed for this client.');
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
    throw new OAuthError('invalid_request', 'web_message needs a redirect_uri on a registered embedding origin.');
  }
  return 'web_message';
}
