import { errorDescription } from './error-description.js';

/**
 * An OAuth endpoint's error response (RFC 6749 §5.2), also used for PAR (RFC 9126 §2.3) and
 * revocation (RFC 7009 §2.2.1).
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'unsupported_response_type'
  | 'invalid_scope'
  | 'invalid_request_uri'
  | 'server_error'
  /** @see https://www.rfc-editor.org/rfc/rfc9449#section-5 */
  | 'invalid_dpop_proof'
  /** @see https://www.rfc-editor.org/rfc/rfc9449#section-8 */
  | 'use_dpop_nonce'
  /** @see https://openid.net/specs/oauth-v2-grant-management.html ("Error Responses") */
  | 'invalid_grant_id';

export class OAuthError extends Error {
  /** The `error_description`, within the characters RFC 6749 §5.2 allows. */
  readonly description: string;

  constructor(
    readonly error: OAuthErrorCode,
    description: string,
    readonly status: 400 | 401 | 413 | 500 = error === 'invalid_client' ? 401 : 400,
    /** Response headers the error needs, e.g. the nonce to use next in DPoP-Nonce. */
    readonly headers: Record<string, string> = {},
  ) {
    super(description);
    this.name = 'OAuthError';
    this.description = errorDescription(description);
  }
}
