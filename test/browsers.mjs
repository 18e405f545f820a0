// The three engines the browser tests run in, all Debian's stock builds (no test tool may download
// its own browser, TOOLCHAIN.md): Chromium, Firefox ESR (driven over WebDriver BiDi) and WebKitGTK
// (WebKitWebDriver driving MiniBrowser, which has no headless mode: it runs on an Xvfb display).
//
// `node test/browsers.mjs` checks that every engine is there. Missing ones are installed from
// Debian's packages when running as root; otherwise it prints one line naming the command that
// installs them and exits 1. `npm test` and .ci/run both start with it.
//
// CHROME_PATH, FIREFOX_PATH, WEBKIT_DRIVER_PATH and MINIBROWSER_PATH point elsewhere (e.g. on a
// developer's laptop); TEST_ENGINES=chromium,firefox runs a subset.
import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromiumExecutable } from './chromium.mjs';

const debianPackages = ['chromium', 'firefox-esr', 'webkit2gtk-driver', 'xvfb'];

const firefoxExecutable = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const webkitDriver = process.env.WEBKIT_DRIVER_PATH ?? '/usr/bin/WebKitWebDriver';
const miniBrowser =
  process.env.MINIBROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const xvfb = '/usr/bin/Xvfb';

/** Each engine: the programs it runs, and the Debian package that brings each of them. */
export const engines = {
  chromium: { executable: chromiumExecutable, needs: [[chromiumExecutable, 'chromium']] },
  firefox: { executable: firefoxExecutable, needs: [[firefoxExecutable, 'firefox-esr']] },
  webkit: {
    executable: miniBrowser,
    driver: webkitDriver,
    xvfb,
    needs: [
      [webkitDriver, 'webkit2gtk-driver'],
      [miniBrowser, 'webkit2gtk-driver'],
      [xvfb, 'xvfb'],
    ],
  },
};

/** The engines this run tests in, in the order they run. */
export const engineNames = (process.env.TEST_ENGINES ?? Object.keys(engines).join(','))
  .split(',')
  .map((name) => name.trim())
  .filter(Boolean);

for (const name of engineNames) {
  if (!(name in engines)) throw new Error(`TEST_ENGINES: unknown engine ${name}`);
}

/** The Debian packages still needed for the engines of this run. */
export function missingPackages(names = engineNames) {
  const missing = new Set();
  for (const name of names) {
    for (const [file, pkg] of engines[name].needs) {
      try {
        accessSync(file, constants.X_OK);
      } catch {
        missing.add(pkg);
      }
    }
  }
  return [...missing];
}

function ensureEngines() {
  let missing = missingPackages();
  if (missing.length === 0) return 0;
  if (process.getuid?.() !== 0) {
    console.error(
      `Browser tests need ${missing.join(', ')}: run \`sudo apt-get update && sudo apt-get install -y ${debianPackages.join(' ')}\` (or set CHROME_PATH, FIREFOX_PATH, WEBKIT_DRIVER_PATH, MINIBROWSER_PATH).`,
    );
    return 1;
  }
  console.log(`Installing ${missing.join(', ')} from Debian's packages`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', ...debianPackages], { stdio: 'inherit', env });
  missing = missingPackages();
  if (missing.length > 0) {
    console.error(`Still missing after apt-get install: ${missing.join(', ')}`);
    return 1;
  }
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const code = ensureEngines();
  if (code === 0) console.log(`Browser engines: ${engineNames.join(', ')}`);
  process.exit(code);
}
