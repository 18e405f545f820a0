import { html, raw } from 'hono/html';
import type { FlowView } from '../flow/types.js';
import { firstScreen, renderedFirstView } from './first-screen.js';

/**
 * The bank-hosted page the widget runs on (README, "Security model"). Credentials are typed
 * only here, on the bank's origin; the partner's page sees at most the callback parameters.
 */
export interface HostedPageOptions {
  /** The transaction /authorize opened: its handle and first view, read once by the widget. */
  start: { transaction: string; view: FlowView };
  partnerOrigin: string;
  title: string;
  lang: 'ja' | 'en';
}

/**
 * The element needs no request to start: the page carries the transaction's first view in a JSON
 * data block, which no browser executes and CSP does not govern
 * (https://html.spec.whatwg.org/multipage/scripting.html#data-block), and the first screen's
 * module and stylesheet themselves, inline, which CSP allows by their hashes (`firstScreen`): a
 * customer arrives about once in 90 days, so a cached file would rarely help, and fetching one cost
 * the first step a round trip. The element removes the block once read, so the handle lives only
 * in its memory; the page is no-store and sends no Referer, so it reaches no cache and no partner.
 * The texts go in byte for byte, or their hashes would not match.
 */
const inlineStyle = raw(`<style>${firstScreen.style}</style>`);
const inlineModule = raw(`<script type="module">${firstScreen.script}</script>`);
const firstStepScript = raw(`<script>${firstScreen.firstStepScript}</script>`);

/**
 * The first step itself, as markup the build rendered from the element's templates, in a
 * declarative shadow root (https://html.spec.whatwg.org/multipage/scripting.html#attr-template-shadowrootmode)
 * with its stylesheet (allowed by its hash), followed by a short script (likewise) that focuses
 * its heading and notes a press until the element takes over: the step is on screen with focus as
 * soon as the parser gets there, as a static form would be, and the module, last in the page,
 * compiles and runs after that. The element then takes the markup over, keeping what was typed,
 * where focus is and a press (widget/server-rendered.ts). No markup for a view the build did not
 * render: the element renders it when its module has run, as before.
 */
function firstStep(view: FlowView, lang: string) {
  const markup = renderedFirstView(view, lang);
  if (markup === undefined) return { shadowRoot: '', script: '' };
  return {
    shadowRoot: raw(
      `<template shadowrootmode="open"><style>${firstScreen.shadowStyle}</style>${markup}</template>`,
    ),
    script: firstStepScript,
  };
}

export const hostedPage = ({ start, partnerOrigin, title, lang }: HostedPageOptions) => {
  const { shadowRoot, script } = firstStep(start.view, lang);
  return html`<!doctype html>
    <html lang="${lang}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title}</title>
        ${inlineStyle}
      </head>
      <body>
        <main>
          <api-link-auth-flow partner-origin="${partnerOrigin}" lang="${lang}"
            >${shadowRoot}
            <script type="application/json">
              ${raw(scriptDataText(start))}
            </script></api-link-auth-flow
          >${script}
        </main>
        ${inlineModule}
      </body>
    </html>`;
};

/**
 * JSON safe inside a `<script>` element: `<` (so neither `</script` nor `<!--` can occur), `>`
 * and `&` escaped, and U+2028/U+2029 too, as JSON allows them raw and some parsers do not.
 * @see https://html.spec.whatwg.org/multipage/scripting.html#restrictions-for-contents-of-script-elements
 */
export function scriptDataText(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

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
