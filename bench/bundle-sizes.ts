import { readdirSync, readFileSync } from 'node:fs';
import { compressedSizes } from '../widget/compressed-sizes.mjs';
import { everyStepChunks, FIRST_SCREEN } from '../widget/flow-chunks.mjs';
import { benchModulePath } from './bench-deps.js';

export interface BundleSize {
  label: string;
  files: string[];
  raw: number;
  gzip: number;
  brotli: number;
}

function bundle(label: string, paths: string[]): BundleSize {
  const total = { raw: 0, gzip: 0, brotli: 0 };
  for (const path of paths) {
    const size = compressedSizes(readFileSync(path));
    total.raw += size.raw;
    total.gzip += size.gzip;
    total.brotli += size.brotli;
  }
  return { label, files: paths.map((path) => path.replace(/^.*node_modules\//, '')), ...total };
}

/**
 * Ours from dist/public (the files `npm run size` reports), the Okta Sign-In Widget from the
 * files its npm package ships, and Auth0 Lock — whose npm package ships only CommonJS modules,
 * no browser bundle — bundled here with esbuild (minified, production) as an app would.
 */
export async function measureBundleSizes(): Promise<BundleSize[]> {
  const widget = 'dist/public/widget/';
  const okta = benchModulePath('@okta/okta-signin-widget/dist/');
  return [
    bundle('ours: hosted flow, first screen (api-link-auth-flow.js + hosted-page.css)', [
      `${widget}api-link-auth-flow.js`,
      `${widget}hosted-page.css`,
    ]),
    bundle(
      'ours: + the later steps, loaded once the first shows (api-link-auth-flow-*.js but English and 連携サービス一覧)',
      everyStepChunks(readdirSync(widget))
        .filter((name) => name !== FIRST_SCREEN)
        .map((name) => `${widget}${name}`),
    ),
    bundle('ours: + English chunk (api-link-auth-flow-en.js)', [
      `${widget}api-link-auth-flow-en.js`,
    ]),
    bundle('ours: partner-page embed (api-link-auth-embed.js)', [
      `${widget}api-link-auth-embed.js`,
    ]),
    bundle('Okta Sign-In Widget (okta-sign-in.min.js + .css)', [
      `${okta}js/okta-sign-in.min.js`,
      `${okta}css/okta-sign-in.min.css`,
    ]),
    bundle('Okta Sign-In Widget, Identity Engine only (okta-sign-in.oie.min.js + .css)', [
      `${okta}js/okta-sign-in.oie.min.js`,
      `${okta}css/okta-sign-in.min.css`,
    ]),
    {
      label: 'Auth0 Lock (npm lib/ bundled by esbuild, minified)',
      files: ['auth0-lock/lib/index.js'],
      ...(await bundleAuth0Lock()),
    },
  ];
}

async function bundleAuth0Lock() {
  const { build } = (await import(
    benchModulePath('esbuild/lib/main.js')
  )) as typeof import('esbuild');
  const result = await build({
    stdin: { contents: "export { default } from 'auth0-lock';", resolveDir: benchModulePath('.') },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
    legalComments: 'none',
    logLevel: 'error',
    write: false,
  });
  return compressedSizes(result.outputFiles[0].contents);
}
