import { spawn, type ChildProcess } from 'node:child_process';
import { after, afterEach, before, describe } from 'node:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { engineNames } from '../browsers.mjs';
import { launchBrowser, type Browser, type EngineName, type Page, type Scope } from './driver.js';

export const PARTNER = 'http://localhost:8788';
export const BANK = 'http://127.0.0.1:8787';
/** Idle lifetime of a transaction in these runs: long enough for every step, short enough to see expiry. */
export const IDLE_SECONDS = 20;

export interface Demo {
  stop(): Promise<void>;
  /** The last lines the demo printed: the bank Worker's request log and either side's errors. */
  recentOutput(): string;
}

/** How many of the demo's last lines a failed test shows. */
const RECENT_LINES = 40;

/**
 * Starts exactly what `npm start` serves (demo/start.ts: widget build, bank Worker on workerd,
 * partner site) on a fresh state directory, and resolves once it says it is running.
 */
export async function startDemo(): Promise<Demo> {
  const stateDir = await mkdtemp(join(tmpdir(), 'api-link-auth-e2e-'));
  const child: ChildProcess = spawn('node', ['--import', 'tsx', 'demo/start.ts'], {
    env: {
      ...process.env,
      DEMO_STATE_DIR: stateDir,
      DEMO_TRANSACTION_IDLE_SECONDS: String(IDLE_SECONDS),
      // wrangler then logs each request the bank answers, which a failed test prints.
      WRANGLER_LOG: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  let recent: string[] = [];
  const keepRecent = (chunk: Buffer) => {
    recent = [...recent, ...String(chunk).split('\n').filter(Boolean)].slice(-RECENT_LINES);
  };
  child.stdout!.on('data', keepRecent);
  child.stderr!.on('data', keepRecent);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`demo did not start:\n${output}`)), 180_000);
    const watch = (chunk: Buffer) => {
      output += chunk;
      if (output.includes('api-link-auth demo is running')) {
        clearTimeout(timer);
        child.stdout!.off('data', watch);
        child.stderr!.off('data', watch);
        resolve();
      }
    };
    child.stdout!.on('data', watch);
    child.stderr!.on('data', watch);
    child.on('exit', (code) => reject(new Error(`demo exited with ${code}:\n${output}`)));
  });
  return {
    recentOutput: () => recent.join('\n'),
    async stop() {
      child.removeAllListeners('exit');
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}

/**
 * Declares a file's tests once per engine of this run (test/browsers.mjs), each engine with a
 * demo of its own on a fresh state (the tests register PINs and lock logins) and one browser,
 * both stopped after. `browser()` and `demo()` are available once the tests run; a test that
 * stops the demo must be the engine's last.
 */
export function forEachEngine(
  title: string,
  tests: (browser: () => Browser, engine: EngineName, demo: () => Demo) => void,
): void {
  for (const engine of engineNames) {
    describe(`${title} (${engine})`, () => {
      let demo: Demo | undefined;
      let browser: Browser | undefined;
      before(async () => {
        demo = await startDemo();
        browser = await launchBrowser(engine);
      });
      // A failed test shows what the demo said as it failed: which request the bank or the
      // partner answered how, and any error either logged.
      afterEach((t) => {
        // Node 20.19 sets `passed` on the context (@types/node 20 does not declare it yet).
        if ((t as { passed?: boolean }).passed !== false || !demo) return;
        console.log(`--- the demo's last lines as "${t.name}" failed:\n${demo.recentOutput()}`);
      });
      after(async () => {
        await browser?.close();
        await demo?.stop();
      });
      tests(
        () => browser!,
        engine,
        () => demo!,
      );
    });
  }
}

/** The bank's page inside the partner's modal (the iframe sits in the embed's shadow root). */
export const bankFrame = (page: Page): Scope => page.frame(`${BANK}/authorize`);

/** Saves a screenshot of a step for the README: Chromium's, so each engine does not redo them. */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (page.engine === 'chromium') await page.screenshot(`docs/screenshots/${name}.png`);
}

/** Types the login form and presses API連携, in the modal's frame or on the top-level bank page. */
export async function logIn(
  frame: Pick<Scope, 'getByLabel' | 'getByRole'>,
  loginId: string,
  password = 'demo1234',
): Promise<void> {
  await frame.getByLabel('ログインID').fill(loginId);
  await frame.getByLabel('ログインパスワード').fill(password);
  await frame.getByRole('button', { name: 'API連携' }).click();
}
