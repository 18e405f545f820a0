import { fileURLToPath } from 'node:url';
import { benchModulePath } from './bench-deps.js';

/**
 * One of the bench's own small Workers (hash-worker.ts, price-worker.ts) as one ES module, bundled
 * by the bench's esbuild; the runtime's `cloudflare:` modules stay imports.
 */
export async function bundleSmallWorker(file: string): Promise<string> {
  const { build } = (await import(
    benchModulePath('esbuild/lib/main.js')
  )) as typeof import('esbuild');
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL(`./${file}`, import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    external: ['cloudflare:*'],
    write: false,
  });
  return bundle.outputFiles[0].text;
}
