import { html } from 'hono/html';

/**
 * The bank-hosted page the widget runs on (README, "Security model"). Credentials are typed
 * only here, on the bank's origin; the partner's page sees at most the callback parameters.
 */
export interface HostedPageOptions {
  clientId: string;
  requestUri: string;
  partnerOrigin: string;
  title: string;
  lang: 'ja' | 'en';
}

export const hostedPage = ({
  clientId,
  requestUri,
  partnerOrigin,
  title,
  lang,
}: HostedPageOptions) =>
  html`<!doctype html>
    <html lang="${lang}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title}</title>
        <link rel="stylesheet" href="/widget/hosted-page.css" />
      </head>
      <body>
        <main>
          <api-link-auth-flow
            client-id="${clientId}"
            request-uri="${requestUri}"
            partner-origin="${partnerOrigin}"
            lang="${lang}"
          ></api-link-auth-flow>
        </main>
        <script type="module" src="/widget/api-link-auth-flow.js"></script>
      </body>
    </html>`;

/** Shown instead of redirecting when the request cannot be trusted (RFC 6749 §4.1.2.1). */
export const errorPage = (message: { ja: string; en: string }) =>
  html`<!doctype html>
    <html lang="ja">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>API連携認証 — エラー / Error</title>
      </head>
      <body>
        <main>
          <h1>API連携認証（利用登録）</h1>
          <p role="alert" lang="ja">${message.ja}</p>
          <p lang="en">${message.en}</p>
        </main>
      </body>
    </html>`;
