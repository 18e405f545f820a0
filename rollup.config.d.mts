// Types of what rollup.config.mjs exports beside its default, for test/server/bundle-boundary.
import type { Plugin, RollupOptions } from 'rollup';

export declare function serverCodeBoundary(): Plugin;
export declare const browserPlugins: () => Plugin[];
export declare const declarations: RollupOptions & {
  output: { dir: string; entryFileNames: string; chunkFileNames: string };
};
declare const config: RollupOptions[];
export default config;
