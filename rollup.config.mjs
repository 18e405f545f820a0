// Builds the widget: the bank-hosted <api-link-auth-flow> as one file for the first screen (the
// element and the login step) with chunks beside it that it imports later (the steps after login,
// English, 連携サービス一覧; widget/flow-chunks.mjs), the partner-side <api-link-auth> embed as one tiny file,
// and an ESM build with one bundled .d.ts per entry and custom-elements.json for bundlers. The
// Worker serves dist/public/.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { create, ts } from '@custom-elements-manifest/analyzer';
import { litPlugin } from '@custom-elements-manifest/analyzer/src/features/framework-plugins/lit/lit.js';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { dts } from 'rollup-plugin-dts';
import { recordBuildInputs } from './widget/build-inputs.mjs';
import { inlineFirstScreen } from './widget/first-screen-inline.mjs';
import { minifyTemplates } from './widget/minify-templates.mjs';

const tsconfig = 'widget/tsconfig.json';
const publicDir = 'dist/public/widget';
const esmDir = 'dist/esm';
const flow = 'widget/api-link-auth-flow.ts';
const embed = 'widget/api-link-auth-embed.ts';
const litPackages = (id) => /^(lit|@lit\/localize)(\/|$)/.test(id);

const serverDir = resolve('server') + sep;
const serverPackage = /^(zod|hono|@hono\/[^/]+)(\/|$)/;
const serverPackageFile = /[\\/]node_modules[\\/](zod|hono|@hono[\\/][^\\/]+)[\\/]/;

/**
 * Fails the build when a widget module imports zod, hono, @hono/* or anything under server/ at run
 * time. The widget may share the server's types (`import type`, which TypeScript erases before
 * Rollup sees the import), never its code: zod alone would add about 21 KB brotli, and server
 * modules are not written for the browser.
 */
export function serverCodeBoundary() {
  const checked = 'server-code-boundary';
  return {
    name: 'server-code-boundary',
    async resolveId(source, importer, options) {
      // Resolutions made on behalf of this check (node-resolve passes `custom` on) are not imports.
      if (!importer || options.custom?.[checked]) return null;
      const resolved = await this.resolve(source, importer, {
        ...options,
        skipSelf: true,
        custom: { ...options.custom, [checked]: true },
      });
      const id = resolved?.id ?? '';
      if (serverPackage.test(source) || serverPackageFile.test(id) || id.startsWith(serverDir)) {
        this.error(
          `${relative('.', importer)} imports '${source}' at run time, but the widget's browser ` +
            'bundle may not contain zod, hono, @hono/* or code under server/. Share types only: ' +
            "'import type' from a types-only module such as server/flow/types.ts or " +
            'server/flow/requests.ts.',
        );
      }
      return resolved;
    },
  };
}

/** The refusal of server code, Lit's production build, TypeScript, then minified. */
export const browserPlugins = () => [
  serverCodeBoundary(),
  nodeResolve({ exportConditions: ['production'] }),
  typescript({
    tsconfig,
    declaration: false,
    sourceMap: false,
    transformers: { before: [{ type: 'program', factory: () => minifyTemplates() }] },
  }),
  terser({ ecma: 2022, module: true, compress: { passes: 2 }, format: { comments: false } }),
];

/** custom-elements.json from the public elements' JSDoc (@summary, @event, @csspart …). */
function customElementsManifest(files) {
  return {
    name: 'custom-elements-manifest',
    generateBundle() {
      const modules = files.map((file) =>
        ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true),
      );
      const manifest = create({ modules, plugins: litPlugin() });
      for (const module of manifest.modules) {
        module.path = module.path.replace(/^widget\/(.*)\.ts$/, '$1.js');
        // The @event tags document the public events; drop the analyzer's guesses from
        // dispatchEvent(new …Event()) calls, which have no name.
        for (const declaration of module.declarations ?? []) {
          if (declaration.events) {
            declaration.events = declaration.events.filter(({ name }) =>
              name?.startsWith('api-link-auth-'),
            );
          }
        }
      }
      this.emitFile({
        type: 'asset',
        fileName: 'custom-elements.json',
        source: `${JSON.stringify(manifest, null, 2)}\n`,
      });
    },
  };
}

/** The stylesheet of the bank's /authorize page, served beside the widget. */
function hostedPageStylesheet() {
  return {
    name: 'hosted-page-stylesheet',
    generateBundle() {
      this.emitFile({
        type: 'asset',
        fileName: 'hosted-page.css',
        source: readFileSync('widget/hosted-page.css', 'utf8'),
      });
    },
  };
}

/** Empties `dir` before a build writes to it, so no file of an earlier layout is published. */
function emptyDir(dir) {
  return {
    name: 'empty-dir',
    buildStart() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The published declarations: one .d.ts per entry (shared declarations in chunks/), with the
 * server's types-only modules inlined, so no published file names a path under server/ or a
 * package the widget does not depend on.
 */
export const declarations = {
  input: { 'api-link-auth-flow': flow, 'api-link-auth-embed': embed },
  output: {
    dir: esmDir,
    format: 'es',
    entryFileNames: '[name].d.ts',
    chunkFileNames: 'chunks/[name].d.ts',
  },
  plugins: [dts({ tsconfig })],
};

/**
 * The partner page loads the embed from the bank's origin as a module script, which the browser
 * fetches with CORS; Workers static assets take their headers from `_headers`.
 */
function embedCorsHeaders() {
  return {
    name: 'embed-cors-headers',
    writeBundle() {
      writeFileSync(
        'dist/public/_headers',
        '/widget/api-link-auth-embed.js\n  Access-Control-Allow-Origin: *\n',
      );
    },
  };
}

export default [
  {
    input: flow,
    // Lets the lazy chunks import from the entry itself, so the first screen stays one file (which
    // the /authorize page carries inline; widget/first-screen-inline.mjs hands the imports over).
    preserveEntrySignatures: 'allow-extension',
    output: {
      dir: publicDir,
      format: 'es',
      entryFileNames: 'api-link-auth-flow.js',
      chunkFileNames: 'api-link-auth-flow-[name].js',
    },
    plugins: [
      recordBuildInputs({ last: false }),
      emptyDir(publicDir),
      ...browserPlugins(),
      hostedPageStylesheet(),
      inlineFirstScreen({
        entry: 'api-link-auth-flow.js',
        publicPath: '/widget/',
        stylesheet: 'widget/hosted-page.css',
        output: 'dist/first-screen.json',
      }),
    ],
  },
  {
    input: embed,
    output: { dir: publicDir, format: 'es', entryFileNames: 'api-link-auth-embed.js' },
    plugins: [...browserPlugins(), embedCorsHeaders()],
  },
  {
    input: [flow, embed],
    external: litPackages,
    output: {
      dir: esmDir,
      format: 'es',
      entryFileNames: '[name].js',
      chunkFileNames: 'chunks/[name].js',
    },
    plugins: [
      emptyDir(esmDir),
      serverCodeBoundary(),
      typescript({ tsconfig }),
      customElementsManifest([flow, embed, 'widget/events.ts']),
    ],
  },
  { ...declarations, plugins: [...declarations.plugins, recordBuildInputs({ last: true })] },
];
