import { waitUntil } from '@open-wc/testing';
import type { ApiLinkAuthFlow } from '../../../widget/api-link-auth-flow.js';
import type { FakeFlowServer } from './fake-flow.js';

/** The element's module as the test runner serves it, loaded again in the frame's own realm. */
const ELEMENT_MODULE = new URL('/widget/api-link-auth-flow.ts', location.origin).href;

/**
 * The hosted element on a page of its own, in a same-origin frame `width` CSS px wide: that page's
 * viewport, its media queries included, is the frame's. For widths no engine's window can take
 * (WebKitGTK's MiniBrowser is never narrower than 447 px), and the same in every engine. The frame's
 * `fetch` is the fake server's; `remove()` takes the frame away.
 */
export async function mountInFrame(
  server: FakeFlowServer,
  { width, height, lang }: { width: number; height: number; lang: string },
): Promise<{ el: ApiLinkAuthFlow; page: Document; remove: () => void }> {
  const frame = document.createElement('iframe');
  frame.style.cssText = `display:block;border:0;width:${width}px;height:${height}px`;
  frame.srcdoc = `<!doctype html><html lang="${lang}"><head><meta name="viewport" content="width=device-width, initial-scale=1"></head><body style="margin:0"><script type="module" src="${ELEMENT_MODULE}"></script></body></html>`;
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  document.body.append(frame);
  await loaded;
  const win = frame.contentWindow as Window & typeof globalThis;
  await win.customElements.whenDefined('api-link-auth-flow');
  server.installIn(win);
  const page = frame.contentDocument!;
  const el = page.createElement('api-link-auth-flow') as ApiLinkAuthFlow;
  el.setAttribute('client-id', 'demo-partner');
  el.setAttribute('request-uri', 'urn:ietf:params:oauth:request_uri:abc');
  el.setAttribute('lang', lang);
  page.body.append(el);
  await waitUntil(
    () => (el.shadowRoot?.querySelector('[part~=container]') as HTMLElement | null)?.lang === lang,
    'first step in the frame',
    { timeout: 5000 },
  );
  await el.updateComplete;
  return { el, page, remove: () => frame.remove() };
}
