// Debian's Chromium, headless as root, with the flags proven on these machines (TOOLCHAIN.md):
// no sandbox as root, and no background connections, which this machine's closed network refuses.
// CHROME_PATH points elsewhere, e.g. on a developer's laptop.
export const chromiumExecutable = process.env.CHROME_PATH ?? '/usr/bin/chromium';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
