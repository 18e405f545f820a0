// The widget suite: Chromium, Firefox ESR and WebKitGTK through @web/test-runner (TOOLCHAIN.md);
// TEST_ENGINES picks some of them (test/browsers.mjs). Ends with a plain `N passed, N failed` line
// for CI and exits non-zero on any failure.
import { fileURLToPath } from 'node:url';
import puppeteerCore from 'puppeteer-core';
import { defaultReporter } from '@web/test-runner';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { countReporter } from './count-reporter.mjs';
import { bankPagePlugin } from './bank-page-plugin.mjs';
import { viewportPlugin } from './viewport-plugin.mjs';
import { webkitLauncher } from './webkit-launcher.mjs';
import { engineNames, engines } from '../browsers.mjs';
import { chromiumArgs } from '../chromium.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

const launchers = {
  chromium: () =>
    chromeLauncher({
      launchOptions: {
        executablePath: engines.chromium.executable,
        headless: true,
        args: chromiumArgs,
      },
    }),
  // Puppeteer drives Firefox over WebDriver BiDi: no geckodriver needed.
  firefox: () =>
    chromeLauncher({
      puppeteer: puppeteerCore,
      launchOptions: {
        browser: 'firefox',
        executablePath: engines.firefox.executable,
        headless: true,
      },
    }),
  webkit: webkitLauncher,
};

export default {
  rootDir: root,
  files: ['test/widget/**/*.test.ts'],
  nodeResolve: { exportConditions: ['production'] },
  plugins: [
    esbuildPlugin({ ts: true, tsconfig: `${root}tsconfig.json`, target: 'es2022' }),
    bankPagePlugin(),
    viewportPlugin(),
  ],
  browsers: engineNames.map((name) => launchers[name]()),
  // Focus and keyboard tests need the page in front: one test file at a time.
  concurrency: 1,
  testFramework: { config: { timeout: 10_000 } },
  reporters: [defaultReporter(), countReporter()],
};
