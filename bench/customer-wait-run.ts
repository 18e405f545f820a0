// `npm run bench:wait [-- --loads=N]`: only the customer's wait of `npm run bench` (the hosted
// page and the embed against the static floor, in Chromium), for working on the first screen
// without the server measurements' minutes. One Worker with the widget assets, on workerd.
import { copyFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorker, startBankWorker } from './bank-worker.js';
import { seedBank } from './bank-state.js';
import { launchChromium } from './browser.js';
import { FLOOR_PATH, measureCustomerWait } from './customer-wait.js';
import { PAGE_LOADS } from './options.js';
import { customerWait } from './report.js';
import { ensureWidgetBuilt } from './widget-build.js';

const loadsArg = process.argv.find((arg) => arg.startsWith('--loads='));
const loads = loadsArg ? Number(loadsArg.slice('--loads='.length)) : PAGE_LOADS;
if (!Number.isInteger(loads) || loads < 1 || loads > 500)
  throw new Error('--loads=N takes 1 … 500');

ensureWidgetBuilt();
const work = mkdtempSync(join(tmpdir(), 'api-link-auth-wait-'));
try {
  const bundleDir = join(work, 'bundle');
  await bundleWorker(bundleDir);
  const assetsDir = join(work, 'assets');
  cpSync('dist/public', assetsDir, { recursive: true });
  copyFileSync(
    fileURLToPath(new URL('./floor-page.html', import.meta.url)),
    join(assetsDir, FLOOR_PATH),
  );
  const bank = await startBankWorker({ bundleDir, assetsDir, stateDir: join(work, 'state') });
  try {
    await seedBank(bank.db, { iterations: 1 });
    const browser = await launchChromium();
    try {
      const waits = await measureCustomerWait(browser, bank, loads);
      console.log([...customerWait(waits), `Chromium ${browser.version()}.`].join('\n'));
    } finally {
      await browser.close();
    }
  } finally {
    await bank.stop();
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
