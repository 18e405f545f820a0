import type { Plugin } from 'rollup';

export function buildInputsDigest(): string;
export function widgetBuildIsCurrent(): boolean;
export function recordBuildInputs(options: { last: boolean }): Plugin;
