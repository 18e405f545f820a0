import { spreadOf } from './stats.js';

/** The markdown the bench's report is made of: figures, and table rows. */

/** `value` with `digits` decimals, or – where there is no figure. */
export const fixed = (value: number, digits = 1) =>
  Number.isFinite(value) ? value.toFixed(digits) : '–';

/** "median [min–max]" of the values, or the one value. */
export function spread(values: number[], digits = 1): string {
  const { median, min, max } = spreadOf(values);
  return values.length > 1
    ? `${fixed(median, digits)} [${fixed(min, digits)}–${fixed(max, digits)}]`
    : fixed(median, digits);
}

export const row = (...cells: (string | number)[]) => `| ${cells.join(' | ')} |`;

/** A table's header row and the line under it. */
export const header = (...cells: string[]) => [row(...cells), row(...cells.map(() => '---'))];
