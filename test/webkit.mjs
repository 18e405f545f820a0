// WebKitGTK under automation (TOOLCHAIN.md): MiniBrowser has no headless mode, so each run starts
// its own Xvfb display and a WebKitWebDriver on a free port, and stops both afterwards.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { engines } from './browsers.mjs';

/**
 * WebDriver capabilities for MiniBrowser (WebKitWebDriver refuses a session asking for BiDi).
 * Tests open the bank's page in a window from a script, as headless Chromium and Firefox allow.
 */
export const webkitCapabilities = {
  browserName: 'MiniBrowser',
  'webkitgtk:browserOptions': {
    binary: engines.webkit.executable,
    args: ['--automation', '--javascript-can-open-windows-automatically=true'],
  },
  'wdio:enforceWebDriverClassic': true,
};

/**
 * Starts Xvfb and WebKitWebDriver. Resolves with the driver's port once it answers `/status`.
 * @returns {Promise<{ port: number, stop(): Promise<void> }>}
 */
export async function startWebKitDriver() {
  const children = [];
  const stop = async () => {
    for (const child of children.reverse()) {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
    }
  };
  try {
    const display = await startXvfb(children);
    const port = await freePort();
    const driver = spawn(engines.webkit.driver, [`--port=${port}`], {
      env: { ...process.env, DISPLAY: display },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    children.push(driver);
    await waitForStatus(port, driver);
    return { port, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Xvfb picks a free display itself and writes its number to the file descriptor it is given. */
function startXvfb(children) {
  const xvfb = spawn(
    engines.webkit.xvfb,
    ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'],
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] },
  );
  children.push(xvfb);
  return new Promise((resolve, reject) => {
    let number = '';
    xvfb.stdio[3].on('data', (chunk) => {
      number += chunk;
      if (number.includes('\n')) resolve(`:${number.trim()}`);
    });
    xvfb.once('exit', (code) => reject(new Error(`Xvfb exited with ${code}`)));
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForStatus(port, driver) {
  let stderr = '';
  driver.stderr.on('data', (chunk) => (stderr += chunk));
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (driver.exitCode !== null) throw new Error(`WebKitWebDriver exited: ${stderr}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/status`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`WebKitWebDriver did not answer on port ${port}: ${stderr}`);
}
