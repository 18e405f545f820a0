import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));

/** The benchmark-only packages of bench/package.json, pinned; never in the SDK's own install. */
export function benchDependencies(): Record<string, string> {
  return JSON.parse(readFileSync(`${BENCH_DIR}package.json`, 'utf8')).dependencies;
}

/** Installs bench/package.json into bench/node_modules unless every pinned version is there. */
export function ensureBenchDependencies(): void {
  const missing = Object.entries(benchDependencies()).filter(
    ([name, version]) => installedVersion(name) !== version,
  );
  if (missing.length === 0) return;
  console.error(
    `Installing benchmark-only packages into bench/node_modules: ${missing.map(([name]) => name).join(', ')}`,
  );
  // --ignore-scripts: nothing here needs an install script, and none may download anything.
  execFileSync(
    'npm',
    ['install', '--prefix', BENCH_DIR, '--no-audit', '--no-fund', '--ignore-scripts'],
    {
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
}

export function installedVersion(name: string): string | undefined {
  const manifest = `${BENCH_DIR}node_modules/${name}/package.json`;
  return existsSync(manifest) ? JSON.parse(readFileSync(manifest, 'utf8')).version : undefined;
}

export const benchModulePath = (relative: string) => `${BENCH_DIR}node_modules/${relative}`;
