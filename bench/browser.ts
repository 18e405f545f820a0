import { chromium, type Browser, type Frame, type Page } from 'playwright-core';

/** Debian's Chromium unless CHROME_PATH names another; flags that work headless as root. */
export const chromiumPath = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: CHROMIUM_ARGS });
}

/** What the page records, in milliseconds since its navigation started (performance.now()). */
export interface PageMarks {
  /** The first `<h2>` to take focus since the last reset, through open shadow roots. */
  headingFocusAt: number | null;
  headingText: string | null;
  /** The end of the first frame after that focus: the heading's step is on screen. */
  frameAt: number | null;
  clickAt: number | null;
}

declare global {
  interface Window {
    benchMarks: PageMarks;
  }
}

/** Installs the marks before any of the page's own scripts run. */
export async function instrument(page: Page): Promise<void> {
  await page.addInitScript(() => {
    window.benchMarks = { headingFocusAt: null, headingText: null, frameAt: null, clickAt: null };
    document.addEventListener(
      'click',
      () => (window.benchMarks.clickAt ??= performance.now()),
      true,
    );
    document.addEventListener(
      'focusin',
      () => {
        const marks = window.benchMarks;
        if (marks.headingFocusAt !== null) return;
        let focused = document.activeElement;
        while (focused?.shadowRoot?.activeElement) focused = focused.shadowRoot.activeElement;
        if (focused?.tagName !== 'H2') return;
        marks.headingFocusAt = performance.now();
        marks.headingText = focused.textContent?.trim() ?? '';
        requestAnimationFrame(() => setTimeout(() => (marks.frameAt = performance.now())));
      },
      true,
    );
  });
}

export async function resetMarks(page: Page): Promise<void> {
  await page.evaluate(() => {
    window.benchMarks = { headingFocusAt: null, headingText: null, frameAt: null, clickAt: null };
  });
}

/** Waits until a heading took focus and the following frame was drawn; answers the marks. */
export async function headingShown(target: Page | Frame, timeout = 30_000): Promise<PageMarks> {
  await target.waitForFunction(() => window.benchMarks?.frameAt != null, undefined, {
    timeout,
    polling: 20,
  });
  return target.evaluate(() => window.benchMarks);
}
