import type { Context } from 'hono';

/**
 * What a POST-only OAuth endpoint answers any other method: 405 naming the method it takes (RFC
 * 9110 §15.5.6 requires `Allow`), with `invalid_request` for a client that reads only the body.
 * The token endpoint, PAR and revocation take POST alone.
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-15.5.6
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-3.2
 * @see https://www.rfc-editor.org/rfc/rfc9126#section-2.1
 * @see https://www.rfc-editor.org/rfc/rfc7009#section-2.1
 */
export function postOnly(c: Context): Response {
  return c.json(
    { error: 'invalid_request', error_description: 'This endpoint accepts POST only.' },
    405,
    { Allow: 'POST', 'Cache-Control': 'no-store' },
  );
}
