import built from '../../dist/first-screen.json';
import type { FlowView } from '../flow/types.js';

/**
 * The /authorize page's first screen as the widget build made it (widget/first-screen-inline.mjs):
 * the element's module and the page's stylesheet, to be put in the page itself; the login step as
 * markup rendered from the element's own templates (widget/first-screen-markup.ts), with the
 * stylesheet of its shadow root and the script that focuses its heading; and the CSP hash sources
 * that allow exactly these texts and no other inline script or style.
 */
export interface FirstScreen {
  script: string;
  scriptHash: string;
  style: string;
  styleHash: string;
  shadowStyle: string;
  shadowStyleHash: string;
  firstStepScript: string;
  firstStepScriptHash: string;
  login: { lang: string; view: FlowView; markup: string }[];
}

export const firstScreen: FirstScreen = built as FirstScreen;

/**
 * The login step rendered at build time for this view and language, if the build rendered it. The
 * views are the flow engine's own (`loginView`), so the same view serializes the same way; a view
 * the build did not render gets no markup, and the element renders it when its module has run.
 */
export function renderedFirstView(view: FlowView, lang: string): string | undefined {
  const wanted = JSON.stringify(view);
  return firstScreen.login.find(
    (entry) => entry.lang === lang && JSON.stringify(entry.view) === wanted,
  )?.markup;
}
