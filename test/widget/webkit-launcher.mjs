// @web/test-runner's WebDriver launcher, wrapped so that it starts (and stops) the Xvfb display
// and WebKitWebDriver that MiniBrowser needs (test/webkit.mjs).
import { WebdriverLauncher } from '@web/test-runner-webdriver';
import { startWebKitDriver, webkitCapabilities } from '../webkit.mjs';

/** The key names the tests press, as WebDriver's key codes (WebDriver §17.4.2). */
const webDriverKeys = {
  Backspace: '\uE003',
  Tab: '\uE004',
  Enter: '\uE007',
  Escape: '\uE00C',
  Space: '\uE00D',
};

class WebKitLauncher extends WebdriverLauncher {
  #driver;

  constructor() {
    super({ hostname: '127.0.0.1', capabilities: webkitCapabilities });
  }

  async initialize(config) {
    this.#driver = await startWebKitDriver();
    this.options.port = this.#driver.port;
    await super.initialize(config);
    this.name = 'WebKitGTK';
  }

  /**
   * One key down and up per key: webdriverio's `keys()` sends a repeated key ("pass") as one
   * press to WebKitWebDriver, so typed text lost letters.
   */
  sendKeys(sessionId, keys) {
    const actions = keys
      .map((key) => webDriverKeys[key] ?? key)
      .flatMap((value) => [
        { type: 'keyDown', value },
        { type: 'keyUp', value },
      ]);
    return this.driver.performActions([{ type: 'key', id: 'keyboard', actions }]);
  }

  async stop() {
    await super.stop();
    await this.#driver?.stop();
  }
}

export const webkitLauncher = () => new WebKitLauncher();
