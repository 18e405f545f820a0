/**
 * Stands in for the bank's Worker in the embedding tests: serves `/authorize` with the hosted
 * `<api-link-auth-flow>` plus its script, and a scripted flow API instead of the real one, and
 * `/callback` as the partner's redirect target. The element starts through `/flow/start` here,
 * where the real page embeds the transaction's start (embedded-start.test.ts covers that boot). `partner=`
 * overrides the partner origin. The test page runs at http://localhost:PORT (the partner); the
 * bank is http://127.0.0.1:PORT, another origin.
 *
 * Also a `run-in-frame` command: evaluates a script inside a frame, or with `popup: true` a popup
 * window (the cross-origin bank page cannot be reached from the test page, as intended), the way a
 * customer's clicks would.
 */
export function bankPagePlugin() {
  const attribute = (value) =>
    String(value ?? '').replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);
  return {
    name: 'bank-page',
    serve(context) {
      const port = context.host.split(':')[1];
      if (context.path === '/authorize') {
        const { client_id: clientId, request_uri: requestUri, partner } = context.query;
        const partnerOrigin = partner ?? `http://localhost:${port}`;
        return {
          type: 'html',
          body: `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>API連携認証</title></head><body>
<script type="module" src="/test/widget/support/bank-flow.ts"></script>
<api-link-auth-flow client-id="${attribute(clientId)}" request-uri="${attribute(requestUri)}" partner-origin="${attribute(partnerOrigin)}" lang="ja"></api-link-auth-flow>
<script type="module" src="/widget/api-link-auth-flow.ts"></script>
</body></html>`,
        };
      }
      if (context.path === '/callback') {
        return { type: 'html', body: '<!doctype html><title>partner callback</title>' };
      }
    },
    async executeCommand({ command, payload, session }) {
      if (command !== 'run-in-frame') return undefined;
      // Always an object: the runner takes `undefined` for "command not handled".
      if (session.browser.type === 'webdriver') {
        const driver = session.browser.driver;
        return payload.popup
          ? runInWebDriverWindow(driver, payload)
          : runInWebDriverFrame(driver, payload);
      }
      const page = session.browser.getPage(session.id);
      const frame = payload.popup
        ? await findPopupFrame(page, payload.url)
        : await findFrame(page, payload.url);
      if (!frame) return { found: false };
      return { found: true, value: (await frame.evaluate(payload.script)) ?? null };
    },
  };
}

/**
 * Asks each frame where it is: over WebDriver BiDi (Firefox) Puppeteer's `frame.url()` can still
 * say about:blank after the frame has navigated.
 */
async function findFrame(page, url) {
  for (const frame of page.frames()) {
    // A frame that went away meanwhile throws, sometimes before returning a promise.
    const href = await (async () => frame.evaluate('location.href'))().catch(() => '');
    if (href.includes(url)) return frame;
  }
  return undefined;
}

/** A popup the test page opened is a page of its own to Puppeteer. */
async function findPopupFrame(page, url) {
  for (const other of await page.browser().pages()) {
    if (other === page) continue;
    const frame = await findFrame(other, url);
    if (frame) return frame;
  }
  return undefined;
}

/**
 * Classic WebDriver has no list of frames: find the iframe showing the URL (through open shadow
 * roots), switch into it, run the script there and switch back.
 */
async function runInWebDriverFrame(driver, { url, script }) {
  const frame = await driver.execute(
    `const search = (root) => {
      for (const element of root.querySelectorAll('*')) {
        if (element.localName === 'iframe' && element.src.includes(arguments[0])) return element;
        const inner = element.shadowRoot && search(element.shadowRoot);
        if (inner) return inner;
      }
      return null;
    };
    return search(document);`,
    url,
  );
  if (!frame) return { found: false };
  await driver.switchFrame(await driver.$(frame));
  try {
    return { found: true, value: (await driver.execute(`return ${script}`)) ?? null };
  } finally {
    await driver.switchFrame(null);
  }
}

/** A popup is another window: switch to the one showing the URL, run the script, switch back. */
async function runInWebDriverWindow(driver, { url, script }) {
  const home = await driver.getWindowHandle();
  for (const handle of await driver.getWindowHandles()) {
    if (handle === home) continue;
    await driver.switchToWindow(handle);
    try {
      if ((await driver.getUrl()).includes(url)) {
        return { found: true, value: (await driver.execute(`return ${script}`)) ?? null };
      }
    } finally {
      await driver.switchToWindow(home);
    }
  }
  return { found: false };
}
