import type { ProblemCode } from '../flow/problem-codes.js';

/**
 * The widget-facing error: an RFC 9457 problem with a stable `code` the widget localizes.
 * Extensions carry only what the customer needs to act (attempts left, which rows, until when).
 * @see https://www.rfc-editor.org/rfc/rfc9457#section-3
 */
export class Problem extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 410 | 413 | 422 | 423 | 429 | 500 | 503,
    readonly code: ProblemCode,
    readonly detail: string,
    readonly extensions: Record<string, unknown> = {},
    /** Response headers the problem needs, e.g. Retry-After on a 429 (RFC 6585 §4). */
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = 'Problem';
  }

  toJSON() {
    return {
      type: `urn:api-link-auth:problem:${this.code}`,
      title: this.code.replace(/_/g, ' '),
      status: this.status,
      detail: this.detail,
      code: this.code,
      ...this.extensions,
    };
  }
}
