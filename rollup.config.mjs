// Builds the widget (SPEC §5): the bank-hosted flow as one file for a <script type="module">
// (English lazily in a chunk beside it), the partner-side embed as one tiny file, and an ESM
// build with types and custom-elements.json for bundlers. The Worker serves dist/public/.
import { readFileSync, writeFileSync } from 'node:fs';
import { create, ts } from '@custom-elements-manifest/analyzer';
import { litPlugin } from '@custom-elements-manifest/analyzer/src/features/framework-plugins/lit/lit.js';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { minifyTemplates } from './widget/minify-templates.mjs';

const tsconfig = 'widget/tsconfig.json';
const publicDir = 'dist/public/widget';
const hosted = 'widget/api-link-auth.ts';
const embed = 'widget/api-link-auth-embed.ts';

/** Lit's production build, TypeScript, then minified. */
const browserPlugins = () => [
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
    input: hosted,
    // Lets the English chunk import from the entry itself, so the entry stays one file.
    preserveEntrySignatures: 'allow-extension',
    output: {
      dir: publicDir,
      format: 'es',
      entryFileNames: 'api-link-auth.js',
      chunkFileNames: 'api-link-auth-[name].js',
    },
    plugins: [...browserPlugins(), hostedPageStylesheet()],
  },
  {
    input: embed,
    output: { dir: publicDir, format: 'es', entryFileNames: 'api-link-auth-embed.js' },
    plugins: [...browserPlugins(), embedCorsHeaders()],
  },
  {
    input: [hosted, embed],
    external: (id) => /^(lit|@lit\/localize)(\/|$)/.test(id),
    output: {
      dir: 'dist/esm',
      format: 'es',
      entryFileNames: '[name].js',
      chunkFileNames: 'chunks/[name].js',
    },
    plugins: [
      typescript({
        tsconfig,
        outDir: 'dist/esm',
        declaration: true,
        declarationDir: 'dist/esm/types',
      }),
      customElementsManifest([hosted, embed, 'widget/events.ts']),
    ],
  },
];
