// The widget suite: real Chromium through @web/test-runner (TOOLCHAIN.md). Ends with a plain
// `N passed, N failed` line for CI and exits non-zero on any failure.
import { fileURLToPath } from 'node:url';
import { defaultReporter } from '@web/test-runner';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { countReporter } from './count-reporter.mjs';
import { bankPagePlugin } from './bank-page-plugin.mjs';
import { chromiumArgs, chromiumExecutable } from '../chromium.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

export default {
  rootDir: root,
  files: ['test/widget/**/*.test.ts'],
  nodeResolve: { exportConditions: ['production'] },
  plugins: [
    esbuildPlugin({ ts: true, tsconfig: `${root}tsconfig.json`, target: 'es2022' }),
    bankPagePlugin(),
  ],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: chromiumExecutable,
        headless: true,
        args: chromiumArgs,
      },
    }),
  ],
  // Focus and keyboard tests need the page in front: one test file at a time.
  concurrency: 1,
  testFramework: { config: { timeout: 10_000 } },
  reporters: [defaultReporter(), countReporter()],
};
