import type { Browser, Page } from 'playwright-core';
import { headingShown, instrument } from './browser.js';
import { KAKEIBO } from './our-flow.js';
import { authorizeUrl } from './pushed-request.js';

export const FLOOR_PATH = '/bench-floor.html';

export interface PageLoads {
  /** Per load: milliseconds from navigation start until the first step's heading had focus. */
  hostedFocusMs: number[];
  floorFocusMs: number[];
  /** Bytes on the wire (headers included) by kind, for one cold load of each page. */
  hostedBytes: Record<string, number>;
  floorBytes: Record<string, number>;
}

/**
 * The customer's wait: each load in a fresh browser context (a first visit,
 * nothing cached), the hosted /authorize page and the static floor page taking turns so noise
 * falls on both. The time is the page's own clock, from navigation start to the focus of the
 * first step's `<h2>`. Bytes come from one more load of each with the DevTools protocol on.
 */
export async function measureCustomerWait(
  browser: Browser,
  origin: string,
  loads: number,
): Promise<PageLoads> {
  const result: PageLoads = {
    hostedFocusMs: [],
    floorFocusMs: [],
    hostedBytes: {},
    floorBytes: {},
  };
  const hosted = () => authorizeUrl(origin, KAKEIBO);
  const floor = async () => `${origin}${FLOOR_PATH}`;
  await timeLoad(browser, await hosted()); // warm-up, not counted
  for (let i = 0; i < loads; i++) {
    result.hostedFocusMs.push(await timeLoad(browser, await hosted()));
    result.floorFocusMs.push(await timeLoad(browser, await floor()));
  }
  result.hostedBytes = await bytesOfLoad(browser, await hosted());
  result.floorBytes = await bytesOfLoad(browser, await floor());
  return result;
}

async function timeLoad(browser: Browser, url: string): Promise<number> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await instrument(page);
    await page.goto(url, { waitUntil: 'commit' });
    const marks = await headingShown(page);
    if (marks.headingText !== 'ログイン') throw new Error(`first heading was ${marks.headingText}`);
    return marks.headingFocusAt!;
  } finally {
    await context.close();
  }
}

/** Wire bytes per resource kind (Document, Script, Stylesheet, Fetch …) until network idle. */
async function bytesOfLoad(browser: Browser, url: string): Promise<Record<string, number>> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const kinds = await recordBytes(page);
    await instrument(page);
    await page.goto(url, { waitUntil: 'commit' });
    await headingShown(page);
    await page.waitForLoadState('networkidle');
    return kinds();
  } finally {
    await context.close();
  }
}

async function recordBytes(page: Page): Promise<() => Record<string, number>> {
  const cdp = await page.context().newCDPSession(page);
  const kindOf = new Map<string, string>();
  const bytes: Record<string, number> = {};
  cdp.on('Network.responseReceived', (event) => kindOf.set(event.requestId, event.type));
  cdp.on('Network.loadingFinished', (event) => {
    const kind = kindOf.get(event.requestId) ?? 'Other';
    bytes[kind] = (bytes[kind] ?? 0) + event.encodedDataLength;
  });
  await cdp.send('Network.enable');
  return () => ({ ...bytes });
}
