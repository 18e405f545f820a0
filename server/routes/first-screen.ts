import built from '../../dist/first-screen.json';

/**
 * The /authorize page's first screen as the widget build made it (widget/first-screen-inline.mjs):
 * the element's module and the page's stylesheet, to be put in the page itself, and their CSP hash
 * sources, which allow exactly these texts and no other inline script or style.
 */
export interface FirstScreen {
  script: string;
  scriptHash: string;
  style: string;
  styleHash: string;
}

export const firstScreen: FirstScreen = built;
