// Prints raw, gzip and brotli bytes of each shipped widget file and checks the budgets of
// issue 3: the partner-side embed ≤ 3 KB brotli, the hosted flow (element, every step and its
// built-in Japanese) ≤ 15 KB brotli. Exits 1 when a budget is exceeded. Run `npm run build` first.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compressedSizes } from './compressed-sizes.mjs';

const publicDir = 'dist/public/widget';
const budgets = [
  { label: 'embed (partner page)', files: ['api-link-auth-embed.js'], limit: 3_000 },
  { label: 'hosted flow, Japanese', files: ['api-link-auth-flow.js'], limit: 15_000 },
];

if (!existsSync(publicDir)) {
  console.error(`${publicDir} is missing: run \`npm run build\` first.`);
  process.exit(1);
}

const sizes = (path) => compressedSizes(readFileSync(path));

const rows = [publicDir, 'dist/esm']
  .filter((dir) => existsSync(dir))
  .flatMap((dir) =>
    readdirSync(dir, { recursive: true })
      .filter((name) => name.endsWith('.js'))
      .sort()
      .map((name) => ({ file: join(dir, name), ...sizes(join(dir, name)) })),
  );

const width = Math.max(...rows.map((row) => row.file.length));
const line = (file, raw, gzip, brotli) =>
  `${file.padEnd(width)}  ${String(raw).padStart(8)}  ${String(gzip).padStart(8)}  ${String(brotli).padStart(8)}`;
console.log(line('file', 'raw', 'gzip', 'brotli'));
for (const row of rows) console.log(line(row.file, row.raw, row.gzip, row.brotli));

const brotliOf = (name) => rows.find((row) => row.file === join(publicDir, name))?.brotli ?? 0;
const english = brotliOf('api-link-auth-flow.js') + brotliOf('api-link-auth-flow-en.js');
console.log(
  `\nhosted flow with English loaded (api-link-auth-flow.js + api-link-auth-flow-en.js): ${english} B brotli`,
);

let over = false;
for (const { label, files, limit } of budgets) {
  const total = files.reduce((sum, name) => sum + brotliOf(name), 0);
  const verdict = total <= limit ? 'ok' : 'OVER BUDGET';
  over ||= total > limit;
  console.log(`budget ${label}: ${total} B brotli of ${limit} B — ${verdict}`);
}
process.exit(over ? 1 : 0);
