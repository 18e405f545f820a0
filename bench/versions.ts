import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { benchDependencies, installedVersion } from './bench-deps.js';

const rootPackageVersion = (name: string) =>
  JSON.parse(readFileSync(`node_modules/${name}/package.json`, 'utf8')).version as string;

/** What ran: the runtimes, the peers and the machine, for the table's footer. */
export function versions(chromium: string): Record<string, string> {
  return {
    node: process.version,
    wrangler: rootPackageVersion('wrangler'),
    miniflare: rootPackageVersion('miniflare'),
    workerd: rootPackageVersion('workerd'),
    'playwright-core': rootPackageVersion('playwright-core'),
    chromium,
    ...Object.fromEntries(
      Object.keys(benchDependencies()).map((name) => [name, installedVersion(name) ?? 'missing']),
    ),
    machine: `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores`,
  };
}

export const loadAverage = () => loadavg()[0];
