// The end-to-end tests' one view of a browser, whatever drives it: Puppeteer for Chromium (CDP) and
// Firefox (WebDriver BiDi), webdriverio for WebKitGTK (classic WebDriver, TOOLCHAIN.md). Elements
// are found inside the page by role, label or text (page-query.ts), so every engine finds them the
// same way; actions a script can do are done there, keys are real key presses.
import { mkdir } from 'node:fs/promises';
import puppeteer, { type Browser as PuppeteerBrowser, type Frame } from 'puppeteer-core';
import { remote } from 'webdriverio';
import { engines } from '../browsers.mjs';
import { chromiumArgs } from '../chromium.mjs';
import { startWebKitDriver, webkitCapabilities } from '../webkit.mjs';
import { pageQuery, type Action, type Name, type Query } from './page-query.js';

export type EngineName = 'chromium' | 'firefox' | 'webkit';

/** A document to run scripts in: a page, or the frame inside it that shows a given URL. */
interface Context {
  evaluate(script: string): Promise<unknown>;
}

const timeout = 15_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Until `attempt` answers something other than undefined, or the time is up. */
async function poll<T>(what: string, attempt: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeout;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const result = await attempt();
      if (result !== undefined) return result;
    } catch (error) {
      // The frame may be navigating; try again.
      lastError = error;
    }
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
}

const asName = (name: string | RegExp): Name =>
  typeof name === 'string' ? name : { regex: name.source, flags: name.flags };

export class Locator {
  constructor(
    private readonly context: Context,
    private readonly query: Query,
    private readonly index = 0,
  ) {}

  first(): Locator {
    return new Locator(this.context, this.query, 0);
  }

  private run(action: Action): Promise<{ found: number; done?: boolean }> {
    // tsx keeps function names with a helper the page does not have.
    const script = `((__name) => (${pageQuery.toString()})(${JSON.stringify(this.query)}, ${JSON.stringify(action)}, ${this.index}))((target) => target)`;
    return this.context.evaluate(script) as Promise<{ found: number; done?: boolean }>;
  }

  private get description() {
    return JSON.stringify(this.query);
  }

  async count(): Promise<number> {
    return (await this.run({ do: 'count' })).found;
  }

  async isDisabled(): Promise<boolean> {
    return poll(`${this.description} to be there`, async () => {
      const { found, done } = await this.run({ do: 'disabled' });
      return found > this.index ? done === true : undefined;
    });
  }

  async waitFor(options: { state?: 'visible' | 'detached' } = {}): Promise<void> {
    const wanted = options.state ?? 'visible';
    await poll(`${this.description} to be ${wanted}`, async () => {
      const { found } = await this.run({ do: 'count' });
      return (wanted === 'visible' ? found > this.index : found === 0) || undefined;
    }).catch(async (error: Error) => {
      throw new Error(`${error.message}; the document showed: ${await this.shownText()}`);
    });
  }

  /** The text a failed wait saw, for its message: the document's own, not its shadow roots'. */
  private async shownText(): Promise<string> {
    const text = await this.context
      .evaluate(`document.body ? document.body.innerText : ''`)
      .catch((error: unknown) => `(unreadable: ${String(error)})`);
    return JSON.stringify(String(text).replace(/\s+/g, ' ').trim().slice(0, 300));
  }

  private perform(action: Action): Promise<void> {
    return poll(`${action.do} on ${this.description}`, async () => {
      const { done } = await this.run(action);
      return done ? (true as const) : undefined;
    }).then(() => undefined);
  }

  click = () => this.perform({ do: 'click' });
  check = () => this.perform({ do: 'check' });
  fill = (value: string) => this.perform({ do: 'fill', value });
  selectOption = (value: string) => this.perform({ do: 'select', value });
}

/** Finds what is on a page or in a frame, as Playwright's locators do. */
export class Scope {
  constructor(protected readonly context: Context) {}

  getByRole(role: string, options: { name?: string | RegExp } = {}): Locator {
    const name = options.name === undefined ? undefined : asName(options.name);
    return new Locator(this.context, { by: 'role', role, name });
  }

  getByLabel(name: string | RegExp): Locator {
    return new Locator(this.context, { by: 'label', name: asName(name) });
  }

  getByText(name: string | RegExp): Locator {
    return new Locator(this.context, { by: 'text', name: asName(name) });
  }

  locator(selector: string): Locator {
    return new Locator(this.context, { by: 'css', selector });
  }

  /** Until the expression's value is `expected` (and says what it was when it never is). */
  async waitForValue(expression: string, expected: unknown): Promise<void> {
    let last: unknown;
    await poll(`${expression} to be ${JSON.stringify(expected)}`, async () => {
      last = await this.evaluate(expression);
      return JSON.stringify(last) === JSON.stringify(expected) || undefined;
    }).catch((error: Error) => {
      throw new Error(`${error.message} (last: ${JSON.stringify(last)})`);
    });
  }

  /** Runs a script (an expression; a promise is awaited) and answers its JSON-able value. */
  async evaluate<T>(expression: string): Promise<T> {
    return (await this.context
      .evaluate(`(async () => JSON.stringify(await (${expression})))()`)
      .then((json) => (json === undefined ? undefined : JSON.parse(json as string)))) as T;
  }
}

/** What each engine's page must do; everything else is built on these. */
interface PageDriver extends Context {
  frame(url: string): Context;
  goto(url: string): Promise<void>;
  url(): Promise<string>;
  press(key: string): Promise<void>;
  screenshot(path: string): Promise<void>;
  close(): Promise<void>;
  /** Where the driver can: a script run in every frame before the frame's own scripts. */
  addInitScript?(script: string): Promise<void>;
  /** Where the driver can: headers added to every request for `url`. */
  addHeaders?(url: string, headers: Record<string, string>): Promise<void>;
}

export class Page extends Scope {
  constructor(
    private readonly driver: PageDriver,
    readonly engine: EngineName,
  ) {
    super(driver);
  }

  /** The frame (anywhere in the page, in shadow roots too) whose address starts with `url`. */
  frame(url: string): Scope {
    return new Scope(this.driver.frame(url));
  }

  /**
   * Navigates, and answers once the new document has loaded, its scripts run. On a busy machine
   * WebKitWebDriver has answered a navigation before that, and a click then reached the partner
   * page's button before its module had added the listener, so nothing happened. The old document
   * is marked first, so that its own `complete` is not taken for the new one's.
   */
  async goto(url: string): Promise<void> {
    await this.driver.evaluate('window.e2eLeftBehind = true');
    await this.driver.goto(url);
    await poll(`${url} to load`, async () => {
      const loaded = await this.driver.evaluate(
        `!window.e2eLeftBehind && document.readyState === 'complete'`,
      );
      return loaded === true || undefined;
    });
  }

  /** A real key press, to whatever has focus (Puppeteer's key names: 'Escape', 'Enter', 'Tab'). */
  press(key: string): Promise<void> {
    return this.driver.press(key);
  }

  /** Until the page's address is `url`, or matches it. */
  async waitForURL(url: string | RegExp): Promise<void> {
    await poll(`the page at ${String(url)}`, async () => {
      const current = await this.driver.url();
      return (typeof url === 'string' ? current === url : url.test(current)) || undefined;
    });
  }

  async screenshot(path: string): Promise<void> {
    await mkdir(path.replace(/\/[^/]*$/, ''), { recursive: true });
    await this.driver.screenshot(path);
  }

  close(): Promise<void> {
    return this.driver.close();
  }

  /** Runs `script` in every frame before its own scripts; false where the driver cannot. */
  async addInitScript(script: string): Promise<boolean> {
    if (!this.driver.addInitScript) return false;
    await this.driver.addInitScript(script);
    return true;
  }

  /** Adds headers to every request for `url`; false where the driver cannot. */
  async addHeaders(url: string, headers: Record<string, string>): Promise<boolean> {
    if (!this.driver.addHeaders) return false;
    await this.driver.addHeaders(url, headers);
    return true;
  }
}

export interface Browser {
  readonly engine: EngineName;
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

const defaultViewport = { width: 1000, height: 800 };

export function launchBrowser(engine: EngineName): Promise<Browser> {
  return engine === 'webkit' ? launchWebKit() : launchWithPuppeteer(engine);
}

/** Each page in a browser context of its own: no cookies shared between tests. */
async function launchWithPuppeteer(engine: 'chromium' | 'firefox'): Promise<Browser> {
  const browser: PuppeteerBrowser =
    engine === 'chromium'
      ? await puppeteer.launch({
          executablePath: engines.chromium.executable,
          headless: true,
          args: chromiumArgs,
        })
      : await puppeteer.launch({
          browser: 'firefox',
          executablePath: engines.firefox.executable,
          headless: true,
        });
  return {
    engine,
    async newPage(viewport = defaultViewport) {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      await page.setViewport(viewport);
      const findFrame = async (url: string): Promise<Frame> => {
        for (const frame of page.frames()) {
          // Over BiDi, frame.url() can lag behind a navigation: ask the frame itself.
          // A frame that went away meanwhile throws, sometimes before returning a promise.
          const href = await (async () => frame.evaluate(() => location.href))().catch(() => '');
          if (href.startsWith(url)) return frame;
        }
        throw new Error(`no frame at ${url}`);
      };
      return new Page(
        {
          evaluate: (script) => page.evaluate(script),
          frame: (url) => ({ evaluate: async (script) => (await findFrame(url)).evaluate(script) }),
          goto: async (url) => void (await page.goto(url)),
          url: async () => page.url(),
          press: (key) => page.keyboard.press(key as Parameters<typeof page.keyboard.press>[0]),
          screenshot: async (path) =>
            void (await page.screenshot({ path: path as `${string}.png` })),
          close: () => context.close(),
          addInitScript: async (script) => void (await page.evaluateOnNewDocument(script)),
          async addHeaders(url, headers) {
            await page.setRequestInterception(true);
            page.on('request', (request) => {
              if (request.isInterceptResolutionHandled()) return;
              void request.continue(
                request.url() === url ? { headers: { ...request.headers(), ...headers } } : {},
              );
            });
          },
        },
        engine,
      );
    },
    close: () => browser.close(),
  };
}

/** WebDriver's codes for the keys the tests press (WebDriver §17.4.2). */
const webDriverKeys: Record<string, string> = {
  Tab: '\uE004',
  Enter: '\uE007',
  Escape: '\uE00C',
};

/**
 * A MiniBrowser comes up in a few seconds even on a busy machine (under 10 s at a load average of
 * 9); half a minute means it never will. A fresh driver then usually answers at once.
 */
const SESSION_START_TIMEOUT_MS = 30_000;
const SESSION_START_ATTEMPTS = 3;

/**
 * WebKitWebDriver serves one session at a time: each page is a session of its own (a fresh
 * MiniBrowser, so nothing is shared between tests).
 */
async function launchWebKit(): Promise<Browser> {
  let driver = await startWebKitDriver();
  let current: WebdriverIO.Browser | undefined;
  const newSession = () =>
    remote({
      hostname: '127.0.0.1',
      port: driver.port,
      logLevel: 'error',
      capabilities: webkitCapabilities,
      connectionRetryTimeout: SESSION_START_TIMEOUT_MS,
      connectionRetryCount: 0,
    });
  return {
    engine: 'webkit',
    async newPage(viewport = defaultViewport) {
      // A test that failed before closing its page must not hold the one session.
      await current?.deleteSession().catch(() => {});
      // On a loaded machine WebKitWebDriver now and then never answers a new session (its
      // MiniBrowser did not come up). That is the harness, not the page under test: start a
      // fresh driver and display, and fail for real only if every attempt hangs.
      let session: WebdriverIO.Browser | undefined;
      for (let attempt = 1; !session; attempt++) {
        try {
          session = await newSession();
        } catch (error) {
          if (attempt === SESSION_START_ATTEMPTS) throw error;
          console.error(`WebKitWebDriver started no session (${String(error)}); restarting it`);
          await driver.stop();
          driver = await startWebKitDriver();
        }
      }
      current = session;
      await session.setWindowSize(viewport.width, viewport.height);
      const evaluate = (script: string) => session.execute(`return ${script}`);
      // Classic WebDriver has no list of frames: find the iframe through open shadow roots,
      // switch into it, and come back.
      const inFrame = (url: string) => ({
        async evaluate(script: string) {
          const frame = await session.execute(
            `const search = (root) => {
              for (const element of root.querySelectorAll('*')) {
                if (element.localName === 'iframe' && element.src.startsWith(arguments[0])) return element;
                const inner = element.shadowRoot && search(element.shadowRoot);
                if (inner) return inner;
              }
              return null;
            };
            return search(document);`,
            url,
          );
          if (!frame) throw new Error(`no frame at ${url}`);
          await session.switchFrame(await session.$(frame as unknown as WebdriverIO.Element));
          try {
            return await evaluate(script);
          } finally {
            await session.switchFrame(null);
          }
        },
      });
      return new Page(
        {
          evaluate,
          frame: inFrame,
          goto: (url) => session.url(url).then(() => undefined),
          url: () => session.getUrl(),
          press: (key) => {
            const value = webDriverKeys[key] ?? key;
            return session.performActions([
              {
                type: 'key',
                id: 'keyboard',
                actions: [
                  { type: 'keyDown', value },
                  { type: 'keyUp', value },
                ],
              },
            ]);
          },
          screenshot: (path) => session.saveScreenshot(path).then(() => undefined),
          close: () => session.deleteSession(),
        },
        'webkit',
      );
    },
    async close() {
      await current?.deleteSession().catch(() => {});
      await driver.stop();
    },
  };
}
