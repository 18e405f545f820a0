// The widget build's inputs as one SHA-256 digest, recorded beside the output when a build
// finishes. `npm start` (and so every end-to-end suite, which starts the demo twice per engine)
// and the bench skip a build whose inputs have not changed since: contents are compared, not file
// times, so a checkout or an edit always rebuilds.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Everything the build reads: the widget, the server types it shares, its config and packages. */
const INPUT_DIRS = ['widget', 'server', 'xliff'];
const INPUT_FILES = ['rollup.config.mjs', 'tsconfig.json', 'package-lock.json'];
const DIGEST_FILE = 'dist/build-inputs.sha256';

export function buildInputsDigest() {
  const files = INPUT_DIRS.flatMap((dir) =>
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name)),
  );
  const hash = createHash('sha256');
  for (const file of [...INPUT_FILES, ...files].sort()) {
    hash.update(`${file}\0`).update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

/** Whether dist/ holds a finished build of exactly the current inputs. */
export function widgetBuildIsCurrent() {
  return existsSync(DIGEST_FILE) && readFileSync(DIGEST_FILE, 'utf8') === buildInputsDigest();
}

/**
 * A Rollup plugin for the first and the last of the build's configs: the first forgets the
 * previous record (a failed build leaves none), the last records the inputs as they were when the
 * build started, so an edit made during the build still causes the next one.
 */
export function recordBuildInputs({ last }) {
  const digest = last ? buildInputsDigest() : undefined;
  return {
    name: 'record-build-inputs',
    buildStart() {
      if (!last) rmSync(DIGEST_FILE, { force: true });
    },
    writeBundle() {
      if (last) writeFileSync(DIGEST_FILE, digest);
    },
  };
}
