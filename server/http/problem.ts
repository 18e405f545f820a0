import type { ProblemCode } from '../flow/problem-codes.js';

/**
 * The widget-facing error: an RFC 9457 problem with a stable `code` the widget localizes.
 * Extensions carry only what the customer needs to act (attempts left, which rows, until when).
 * @see https://www.rfc-editor.org/rfc/rfc9457#section-3
 */
export class Problem extends Error {
  constructor(
    readonly status: 400 | 401 | 404 | 409 | 410 | 422 | 423 | 500 | 503,
    readonly code: ProblemCode,
    readonly detail: string,
    readonly extensions: Record<string, unknown> = {},
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
