// The login step as markup, for the /authorize page to show before any script has run (issue 13,
// item 1): the element's own Lit templates (api-link-auth-flow.ts and steps/login-step.ts), not a
// copy, rendered with @lit-labs/ssr at build time for each login view and each language, and
// printed as JSON. widget/first-screen-inline.mjs runs this under tsx and writes the result to
// dist/first-screen.json; the page puts the markup in a declarative shadow root, which the element
// takes over when its module has run (server-rendered.ts).
import '@lit-labs/ssr/lib/install-global-dom-shim.js';
import { render } from '@lit-labs/ssr';
import { collectResultSync } from '@lit-labs/ssr/lib/render-result.js';
import { html } from 'lit';
import type { FlowState } from '../server/flow/types.js';

// @lit/localize announces a locale change on `window`, which the DOM shim does not define.
Object.assign(globalThis, { window: new EventTarget() });
const { loginView } = await import('../server/flow/steps/login.js');
const { ApiLinkAuthFlow } = await import('./api-link-auth-flow.js');
const { LoginStep } = await import('./steps/login-step.js');
const { setLocale } = await import('./localization.js');
const { widgetStyles } = await import('./styles.js');

/** Both login views the flow engine makes: before a client certificate, and after one named the customer. */
const views = [undefined, 'certificate-customer'].map((certificateCustomerId) =>
  loginView({ certificateCustomerId } as FlowState),
);

const login = [];
for (const lang of ['ja', 'en'] as const) {
  await setLocale(lang);
  for (const view of views) {
    // The state the element is in once it shows an embedded first view and is no longer busy.
    const step = Object.assign(new LoginStep(), { view, locale: lang, busy: false, framedBy: '' });
    const flow = new ApiLinkAuthFlow();
    // The element puts its step element in its template; here the step's own template goes there,
    // inside the step's tag, which is the DOM the element builds (steps render into light DOM).
    const stepMarkup = html`<api-link-auth-login>${step.render()}</api-link-auth-login>`;
    Object.assign(flow, { view, locale: lang, step: stepMarkup });
    const markup = collectResultSync(
      // No element renderer: the step's tag is written as is, with the content given. The slot
      // in the element's template needs a host on the stack, which is the element itself.
      render(flow.render(), {
        elementRenderers: [],
        customElementHostStack: [{ tagName: 'api-link-auth-flow' } as never],
      }),
    );
    login.push({ lang, view, markup });
  }
}

console.log(JSON.stringify({ style: widgetStyles.cssText, login }));
