import { Hono } from 'hono';
import { html } from 'hono/html';
import type { AppEnv } from '../app-env.js';

/**
 * 連携サービス一覧: the bank-hosted page where a customer logs in and sees or revokes the partners
 * linked to their accounts. The page of /authorize may be framed by a partner; this one by nobody,
 * since no partner takes part in it. The same CSP otherwise, without 'unsafe-inline' (see
 * server/routes/authorize.ts): the widget styles itself with constructable stylesheets.
 * @see https://www.w3.org/TR/CSP3/#directive-frame-ancestors
 * @see https://www.rfc-editor.org/rfc/rfc7034 (X-Frame-Options, for browsers without CSP 2)
 */
export const connectionsRoutes = new Hono<AppEnv>().get('/connections', (c) => {
  const lang = /^en\b/i.test(c.req.query('lang') ?? '') ? 'en' : 'ja';
  c.header(
    'Content-Security-Policy',
    `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; ` +
      `connect-src 'self'; form-action 'none'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'`,
  );
  c.header('X-Frame-Options', 'DENY');
  c.header('Cache-Control', 'no-store');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('X-Content-Type-Options', 'nosniff');
  return c.html(
    html`<!doctype html>
      <html lang="${lang}">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>連携サービス一覧 / Linked services</title>
          <link rel="stylesheet" href="/widget/hosted-page.css" />
        </head>
        <body>
          <main>
            <api-link-auth-flow mode="manage" lang="${lang}"></api-link-auth-flow>
          </main>
          <script type="module" src="/widget/api-link-auth-flow.js"></script>
        </body>
      </html>`,
  );
});
