import { createMiddleware } from 'hono/factory';

/**
 * "An origin server with a clock MUST generate a Date header field in all 2xx, 3xx, and 4xx
 * responses", and the Worker is the origin: Cloudflare's edge adds one in production, but the
 * local runtime adds none. The FAPI 2.0 conformance suite requires it of the account API
 * (CheckForDateHeaderInResourceResponse), and a partner reads a token's age against it.
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-6.6.1
 */
export const dateHeader = createMiddleware(async (c, next) => {
  await next();
  if (!c.res.headers.has('Date')) c.header('Date', new Date().toUTCString());
});
