// The widget shares the server's types, never its code: the build refuses a widget module that
// imports zod, hono or a server module at run time, and the published declarations name no
// server path.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { rollup } from 'rollup';
import { browserPlugins, declarations } from '../../rollup.config.mjs';

const fixture = (name: string) => `test/server/fixtures/bundle-boundary/${name}.js`;

/** Builds `input` as the widget's browser bundles are built, in memory. */
async function buildForBrowser(input: string) {
  const bundle = await rollup({ input, plugins: browserPlugins() });
  try {
    return await bundle.generate({ format: 'es' });
  } finally {
    await bundle.close();
  }
}

describe('the widget build refuses server code', () => {
  test('a widget module importing zod fails the build', async () => {
    await assert.rejects(buildForBrowser(fixture('imports-zod')), (error: Error) => {
      assert.match(error.message, /imports-zod\.js imports 'zod' at run time/);
      assert.match(error.message, /may not contain zod, hono, @hono\/\* or code under server\//);
      return true;
    });
  });

  test('a widget module importing a server module fails the build', async () => {
    await assert.rejects(buildForBrowser(fixture('imports-server-code')), (error: Error) => {
      const source = '../../../../server/routes/flow/inputs.js';
      assert.ok(
        error.message.includes(`imports-server-code.js imports '${source}' at run time`),
        error.message,
      );
      return true;
    });
  });

  test('type-only imports from server/ are erased: the embed builds', async () => {
    const { output } = await buildForBrowser('widget/api-link-auth-embed.ts');
    assert.match(output[0].code, /customElements\.define\("api-link-auth"/);
  });
});

// The declarations as `npm run build` wrote them (npm test builds before the server suite):
// bundling them again here took most of this file's time, and would test a copy, not the build.
describe('the published declarations name no server path', () => {
  let files: { name: string; text: string }[] = [];

  before(async () => {
    const names = await readdir(declarations.output.dir, { recursive: true });
    files = await Promise.all(
      names
        .filter((name) => name.endsWith('.d.ts'))
        .map(async (name) => ({
          name,
          text: await readFile(join(declarations.output.dir, name), 'utf8'),
        })),
    );
  });

  test('the declarations are built into dist/esm, which package.json publishes', async () => {
    const pkg = JSON.parse(await readFile('package.json', 'utf8')) as { files: string[] };
    assert.equal(declarations.output.dir, 'dist/esm');
    assert.ok(pkg.files.includes('dist/esm'));
  });

  test('no declaration mentions server/ or zod', () => {
    assert.ok(files.length > 0);
    for (const { name, text } of files) {
      assert.doesNotMatch(text, /server\//, `${name} names a server path`);
      assert.doesNotMatch(text, /zod/, `${name} names zod`);
    }
  });

  test('every "types" in package.json exports is one of the bundled declarations', async () => {
    const { exports } = JSON.parse(await readFile('package.json', 'utf8')) as {
      exports: Record<string, string | { types?: string }>;
    };
    const typed = Object.values(exports).flatMap((target) =>
      typeof target === 'object' && target.types ? [target.types] : [],
    );
    assert.deepEqual(typed, [
      './dist/esm/api-link-auth-flow.d.ts',
      './dist/esm/api-link-auth-embed.d.ts',
    ]);
    for (const types of typed) {
      assert.ok(existsSync(types), `${types} is not built`);
    }
  });

  test('each element declares its own tag in HTMLElementTagNameMap', () => {
    const text = (name: string) => files.find((file) => file.name === name)?.text ?? '';
    assert.match(text('api-link-auth-flow.d.ts'), /'api-link-auth-flow': ApiLinkAuthFlow;/);
    assert.match(text('api-link-auth-embed.d.ts'), /'api-link-auth': ApiLinkAuthEmbed;/);
  });
});
