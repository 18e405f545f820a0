/**
 * A `viewport` command for every engine: the runner's own `setViewport` knows only Puppeteer and
 * Playwright. Under WebDriver the window is resized so that its inner size is the one asked for
 * (MiniBrowser's window has a toolbar). Answers the size the viewport got: MiniBrowser's window is
 * never narrower than its toolbar (447 px), so a narrower viewport cannot be had there.
 */
export function viewportPlugin() {
  return {
    name: 'viewport',
    async executeCommand({ command, payload, session }) {
      if (command !== 'viewport') return undefined;
      const { width, height } = payload;
      if (session.browser.type !== 'webdriver') {
        await session.browser.getPage(session.id).setViewport({ width, height });
        return { width, height };
      }
      const driver = session.browser.driver;
      const inner = () => driver.execute(() => [innerWidth, innerHeight]);
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const outer = await driver.getWindowSize();
        const [innerWidth, innerHeight] = await inner();
        if (innerWidth === width && innerHeight === height) break;
        await driver.setWindowSize(
          outer.width + width - innerWidth,
          outer.height + height - innerHeight,
        );
      }
      const [innerWidth, innerHeight] = await inner();
      return { width: innerWidth, height: innerHeight };
    },
  };
}
