import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Written last by the widget build, and imported by the Worker (server/routes/first-screen.ts). */
const BUILT = 'dist/first-screen.json';

/** Runs `npm run build` when the widget build is missing or older than any widget source. */
export function ensureWidgetBuilt(): void {
  if (existsSync(BUILT) && newestSourceTime('widget') <= statSync(BUILT).mtimeMs) return;
  console.error('Building the widget (npm run build) …');
  execFileSync('npm', ['run', '--silent', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
}

function newestSourceTime(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .reduce(
      (newest, entry) => Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs),
      0,
    );
}
