import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Frame, Page } from 'playwright-core';
import type { BankWorker } from './bank-worker.js';
import { headingShown, instrument } from './browser.js';
import { KAKEIBO } from './our-flow.js';
import { authorizeUrl } from './pushed-request.js';

export const FLOOR_PATH = '/bench-floor.html';

export interface PageLoads {
  /** Per load: milliseconds from navigation start until the first step's heading had focus. */
  hostedFocusMs: number[];
  floorFocusMs: number[];
  /**
   * Per load, on a partner page: milliseconds from the modal opening until the first heading in
   * its frame had focus, with `<api-link-auth>` framing /authorize and a plain `<dialog>` framing
   * the floor page the same way.
   */
  embedFocusMs: number[];
  framedFloorFocusMs: number[];
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
  bank: Pick<BankWorker, 'origin' | 'db'>,
  loads: number,
): Promise<PageLoads> {
  const { origin } = bank;
  const partner = await startPartnerPage(bank);
  try {
    return await measureLoads(browser, origin, partner, loads);
  } finally {
    partner.close();
  }
}

async function measureLoads(
  browser: Browser,
  origin: string,
  partner: PartnerPage,
  loads: number,
): Promise<PageLoads> {
  const result: PageLoads = {
    hostedFocusMs: [],
    floorFocusMs: [],
    embedFocusMs: [],
    framedFloorFocusMs: [],
    hostedBytes: {},
    floorBytes: {},
  };
  const hosted = () => authorizeUrl(origin, KAKEIBO);
  const floor = async () => `${origin}${FLOOR_PATH}`;
  await timeLoad(browser, await hosted()); // warm-up, not counted
  const embedded = () =>
    authorizeUrl(origin, KAKEIBO, {
      redirect_uri: `${partner.origin}/callback`,
      response_mode: 'web_message',
    });
  await timeModal(browser, partner, await embedded()); // warm-up, not counted
  for (let i = 0; i < loads; i++) {
    result.hostedFocusMs.push(await timeLoad(browser, await hosted()));
    result.floorFocusMs.push(await timeLoad(browser, await floor()));
    result.embedFocusMs.push(await timeModal(browser, partner, await embedded()));
    result.framedFloorFocusMs.push(await timeModal(browser, partner, await floor()));
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
    return (await firstHeading(page)).headingFocusAt!;
  } finally {
    await context.close();
  }
}

/**
 * A cold partner page with the embed script loaded, then the modal opened on `url`: through
 * `<api-link-auth>` for /authorize, through a `<dialog>` doing what the embed does (show, frame
 * the page, focus the frame) for the floor. Both clocks are epoch-based, so the partner page's
 * open and the frame's focus compare.
 */
async function timeModal(browser: Browser, partner: PartnerPage, url: string): Promise<number> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await instrument(page);
    await page.goto(partner.url, { waitUntil: 'load' });
    await page.waitForFunction(() => customElements.get('api-link-auth') !== undefined);
    const bank = new URL(url).origin;
    const framed = page.waitForEvent('framenavigated', {
      predicate: (frame) => frame.url().startsWith(bank),
    });
    const openedAt = await page.evaluate((target) => {
      const at = performance.timeOrigin + performance.now();
      const { searchParams } = new URL(target);
      const requestUri = searchParams.get('request_uri');
      if (requestUri) {
        const embed = document.querySelector<HTMLElement & { open(): void }>('api-link-auth')!;
        embed.setAttribute('request-uri', requestUri);
        embed.open();
      } else {
        const dialog = document.querySelector('dialog')!;
        const frame = dialog.querySelector('iframe')!;
        frame.src = target;
        dialog.showModal();
        frame.focus();
      }
      return at;
    }, url);
    const frame = await framed;
    const marks = await firstHeading(frame);
    const focusedAt = await frame.evaluate(
      (at) => performance.timeOrigin + at,
      marks.headingFocusAt!,
    );
    return focusedAt - openedAt;
  } finally {
    await context.close();
  }
}

interface PartnerPage {
  origin: string;
  url: string;
  close(): void;
}

/**
 * A partner page on its own site (localhost, the bank being 127.0.0.1) with the embed script and
 * a plain `<dialog>`, registered as one of demo-kakeibo's embedding origins with a redirect URI
 * there, so a `web_message` request pushed for it may frame /authorize (`frame-ancestors`).
 */
async function startPartnerPage(bank: Pick<BankWorker, 'origin' | 'db'>): Promise<PartnerPage> {
  const body = `<!doctype html><html lang="ja"><body>
<script type="module" src="${bank.origin}/widget/api-link-auth-embed.js"></script>
<api-link-auth server="${bank.origin}" client-id="${KAKEIBO.clientId}"></api-link-auth>
<dialog style="width:40rem;height:46rem;padding:0"><iframe style="width:100%;height:100%;border:0"></iframe></dialog>
</body></html>`;
  const server = createServer((_, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://localhost:${(server.address() as AddressInfo).port}`;
  await bank.db
    .prepare(
      `UPDATE partners SET embedding_origins = json_insert(embedding_origins, '$[#]', ?1),
         redirect_uris = json_insert(redirect_uris, '$[#]', ?1 || '/callback') WHERE client_id = ?2`,
    )
    .bind(origin, KAKEIBO.clientId)
    .run();
  return { origin, url: `${origin}/partner.html`, close: () => server.close() };
}

async function firstHeading(target: Page | Frame) {
  const marks = await headingShown(target);
  if (marks.headingText !== 'ログイン') throw new Error(`first heading was ${marks.headingText}`);
  return marks;
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
