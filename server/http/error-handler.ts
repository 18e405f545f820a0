import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { RefusalCode } from '../flow/problem-codes.js';
import { FlowRefusal } from '../flow/refusal.js';
import { OAuthError } from './oauth-error.js';
import { Problem } from './problem.js';

const refusalStatus: Record<RefusalCode, Problem['status']> = {
  step_not_allowed: 409,
  scope_required: 422,
  invalid_scope: 422,
  account_required: 422,
  account_not_selectable: 422,
  nothing_left_to_register: 409,
  confirmation_required: 422,
  grant_account_required: 422,
};

/** The widget's APIs: the flow, and 連携サービス一覧's (server/routes/manage/). */
const isWidgetFacing = (path: string) => path.startsWith('/flow/') || path.startsWith('/manage/');
const isAccountApi = (path: string) => path.startsWith('/api/');

/**
 * Renders every error once: problems for the widget's API, RFC 6749 errors for the OAuth
 * endpoints. Framework errors (malformed JSON, wrong content type) become 400s, a body over the
 * limit a 413. Anything unexpected is a 500 that reveals nothing; it is logged without request
 * data, which may hold secrets.
 */
export function handleError(error: Error, c: Context): Response {
  const known = toKnownError(error, c.req.path);
  if (known instanceof Problem) {
    return c.json(known.toJSON(), known.status, {
      ...known.headers,
      'Content-Type': 'application/problem+json',
      'Cache-Control': 'no-store',
    });
  }
  if (known instanceof OAuthError) {
    const headers: Record<string, string> = { ...known.headers, 'Cache-Control': 'no-store' };
    if (known.status === 401) headers['WWW-Authenticate'] = 'Basic realm="api-link-auth"';
    return c.json(
      { error: known.error, error_description: known.description },
      known.status,
      headers,
    );
  }
  // The name and where it was thrown, not the message: Workers Logs keep whatever is logged,
  // and a message can quote request data (a JSON.parse error quotes its input).
  console.error('unexpected error', error.name, thrownAt(error));
  return isWidgetFacing(c.req.path)
    ? handleError(
        new Problem(500, 'server_error', 'Something went wrong on our side. Please try again.'),
        c,
      )
    : c.json({ error: 'server_error', error_description: 'Internal error.' }, 500, {
        'Cache-Control': 'no-store',
      });
}

/** The stack's frames (file and line) without its first line, which repeats the message. */
function thrownAt(error: Error): string {
  return (error.stack ?? '').split('\n').slice(1, 6).join('\n');
}

function toKnownError(error: Error, path: string): Problem | OAuthError | null {
  if (error instanceof Problem || error instanceof OAuthError) return error;
  if (error instanceof FlowRefusal)
    return new Problem(refusalStatus[error.code], error.code, error.detail);
  if (error instanceof HTTPException && error.status === 413) return tooLarge(error.message, path);
  if (error instanceof HTTPException && error.status < 500) {
    const detail = error.message || 'Malformed request.';
    if (isWidgetFacing(path) || isAccountApi(path))
      return new Problem(400, 'invalid_request', detail);
    return new OAuthError('invalid_request', detail);
  }
  return null;
}

/**
 * A body over the limit (server/http/body-limit.ts). RFC 6749 has no code of its own for it:
 * `invalid_request` ("otherwise malformed") with the status that says why.
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-15.5.14
 */
function tooLarge(detail: string, path: string): Problem | OAuthError {
  return isWidgetFacing(path) || isAccountApi(path)
    ? new Problem(413, 'payload_too_large', detail)
    : new OAuthError('invalid_request', detail, 413);
}
