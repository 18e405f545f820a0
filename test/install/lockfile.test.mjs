// package.json and its lockfile must agree, or `npm ci` (how .ci/run installs) refuses to install.
// Checked for the SDK and for bench/, which installs its own packages from its own lockfile.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const repository = fileURLToPath(new URL('../../', import.meta.url));
const dependencyFields = [
  'dependencies',
  'devDependencies',
  'optionalDependencies',
  'peerDependencies',
];
const exactVersion = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

for (const project of ['.', 'bench']) {
  const dir = join(repository, project);
  const readJson = async (file) => JSON.parse(await readFile(join(dir, file), 'utf8'));

  test(`${project}: the lockfile's root entry lists exactly package.json's dependencies`, async () => {
    const manifest = await readJson('package.json');
    const { packages } = await readJson('package-lock.json');
    for (const field of dependencyFields) {
      assert.deepEqual(
        packages[''][field] ?? {},
        manifest[field] ?? {},
        `${field} (run npm install)`,
      );
    }
  });

  test(`${project}: every dependency is pinned to an exact version, the one locked`, async () => {
    const manifest = await readJson('package.json');
    const { packages } = await readJson('package-lock.json');
    for (const field of dependencyFields) {
      for (const [name, version] of Object.entries(manifest[field] ?? {})) {
        assert.match(version, exactVersion, `${field}.${name} is not pinned to an exact version`);
        assert.equal(packages[`node_modules/${name}`]?.version, version, `${name} in the lockfile`);
      }
    }
  });

  // npm itself is the judge of "in sync" (it also requires, say, every platform build that an
  // optional dependency names). The dry run works on a copy, so this checkout's node_modules
  // is never touched.
  test(`${project}: npm ci accepts the lockfile`, async () => {
    const scratch = await mkdtemp(join(tmpdir(), 'lockfile-'));
    try {
      for (const file of ['package.json', 'package-lock.json']) {
        await copyFile(join(dir, file), join(scratch, file));
      }
      await promisify(execFile)(
        'npm',
        ['ci', '--dry-run', '--ignore-scripts', '--no-audit', '--no-fund'],
        { cwd: scratch },
      ).catch((error) => assert.fail(`npm ci refuses the lockfile:\n${error.stderr}`));
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  });
}
