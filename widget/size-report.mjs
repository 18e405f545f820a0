// Prints raw, gzip and brotli bytes of each shipped widget file and checks the budgets: the
// partner-side embed ≤ 3 KB brotli; the hosted flow's first screen (api-link-auth-flow.js: the
// element, the login step, Lit and the built-in Japanese) ≤ 15 KB brotli; and every chunk the
// hosted flow loads after it (the later steps, preloaded once the first step shows, and what they
// share with 連携サービス一覧) ≤ 20 KB brotli with the first screen. English and 連携サービス一覧's
// own chunk load only on demand and are reported beside. Exits 1 when a budget is exceeded.
// Run `npm run build` first.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compressedSizes } from './compressed-sizes.mjs';
import { everyStepChunks, FIRST_SCREEN, flowChunks } from './flow-chunks.mjs';

const publicDir = 'dist/public/widget';

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

const built = readdirSync(publicDir);
const everyStep = everyStepChunks(built);
const allChunks = flowChunks(built);
const brotliOf = (name) => rows.find((row) => row.file === join(publicDir, name))?.brotli ?? 0;
const total = (names) => names.reduce((sum, name) => sum + brotliOf(name), 0);

console.log(
  `\nhosted flow, first screen (${FIRST_SCREEN}): ${brotliOf(FIRST_SCREEN)} B brotli` +
    `\nhosted flow, every step (${everyStep.join(' + ')}): ${total(everyStep)} B brotli` +
    `\nevery chunk of the hosted element, English and 連携サービス一覧 included (${allChunks.length} files): ${total(allChunks)} B brotli`,
);

const budgets = [
  { label: 'embed (partner page)', files: ['api-link-auth-embed.js'], limit: 3_000 },
  { label: 'hosted flow, first screen, Japanese', files: [FIRST_SCREEN], limit: 15_000 },
  { label: 'hosted flow, every step, Japanese', files: everyStep, limit: 20_000 },
];
let over = false;
for (const { label, files, limit } of budgets) {
  const bytes = total(files);
  const verdict = bytes <= limit ? 'ok' : 'OVER BUDGET';
  over ||= bytes > limit;
  console.log(`budget ${label}: ${bytes} B brotli of ${limit} B — ${verdict}`);
}
process.exit(over ? 1 : 0);
