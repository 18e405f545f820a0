// `npm test`: the lockfile check, lint, format check, the widget build and type checks, then the
// server suite, and the widget and end-to-end suites once per browser engine (test/browsers.mjs),
// each in the runner made for it, those three side by side. Prints every suite's own output and
// how long it took, and ends with one plain line, `N passed, N failed`, summed over all suites and
// engines (CI reads that line). Exits non-zero if anything failed.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { engineNames } from './browsers.mjs';

const hasTests = (dir, pattern) =>
  existsSync(dir) && readdirSync(dir).some((file) => pattern.test(file));

const checks = [
  { name: 'lockfile', command: 'npm run --silent test:lockfile', count: nodeTestCounts },
  { name: 'lint', command: 'npm run --silent lint', count: exitCodeAsOneCheck },
  { name: 'format', command: 'npm run --silent format:check', count: exitCodeAsOneCheck },
  // The Worker bundles the widget build's first screen (dist/first-screen.json, inlined in the
  // /authorize page), so the build comes before the type checks and every suite that starts it.
  { name: 'build', command: 'npm run --silent build', count: exitCodeAsOneCheck },
  { name: 'types', command: 'npm run --silent test:types', count: exitCodeAsOneCheck },
  { name: 'engines', command: 'node test/browsers.mjs', count: exitCodeAsOneCheck },
];

const perEngine = (dir, suite) =>
  (hasTests(dir, /\.test\.ts$/) ? engineNames : []).map((engine) => suite(engine));

// Then three lanes side by side, each running its suites one after another. The browser suites
// spend most of their time waiting (on timers, expiry and the demo's start), and the server
// suite on one core, so the lanes overlap instead of queueing. Within a lane, one engine at a
// time: three browsers of one suite at once on two cores made timing-sensitive tests flaky. No
// two lanes share a port (the server suite's Workers take free ones; only the end-to-end suite
// binds the demo's), a browser (each suite starts its own) or a display (WebKit's Xvfb is its own).
const lanes = [
  [{ name: 'server', command: 'npm run --silent test:server', count: nodeTestCounts }],
  perEngine('test/widget', (engine) => ({
    name: `widget (${engine})`,
    command: `TEST_ENGINES=${engine} npm run --silent test:widget`,
    count: plainCounts,
    rerun: hungWidgetFiles,
  })),
  perEngine('test/e2e', (engine) => ({
    name: `e2e (${engine})`,
    command: `TEST_ENGINES=${engine} npm run --silent test:e2e`,
    count: nodeTestCounts,
  })),
];

let passed = 0;
let failed = 0;
for (const suite of checks) await runSuite(suite, { stream: true });
await Promise.all(
  lanes.map(async (lane) => {
    for (const suite of lane) await runSuite(suite, { stream: false });
  }),
);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);

/**
 * Runs one suite and adds its counts. A suite in a lane prints its output whole when it ends, so
 * suites running side by side do not interleave their lines.
 */
async function runSuite(suite, { stream }) {
  console.log(
    `\n=== ${suite.name}: ${stream ? '' : 'started, output follows when it ends: '}${suite.command}`,
  );
  const started = Date.now();
  const { code, output } = await run(suite.command, stream);
  const seconds = Math.round((Date.now() - started) / 1000);
  if (!stream) process.stdout.write(`\n=== ${suite.name}: output\n${output}`);
  const counts = suite.count(output, code);
  // A runner that crashed before counting, or exited non-zero with no failure counted, is a failure.
  if (code !== 0 && counts.failed === 0) counts.failed = 1;
  console.log(`=== ${suite.name}: ${counts.passed} passed, ${counts.failed} failed (${seconds} s)`);
  passed += counts.passed;
  failed += counts.failed;
  const again = suite.rerun?.(output) ?? [];
  if (again.length > 0) {
    // The runner counted each such file as one failure; its tests now count as the rerun's.
    console.log(`=== ${suite.name}: no answer from ${again.join(' ')}; running it once more`);
    failed -= again.length;
    await runSuite(
      {
        name: `${suite.name}, once more: ${again.join(' ')}`,
        command: `${suite.command} -- --files ${again.join(' ')}`,
        count: suite.count,
      },
      { stream },
    );
  }
}

/**
 * Widget test files whose browser never reported back (@web/test-runner's testsFinishTimeout).
 * Each file takes seconds; in a full run under load WebKitGTK has, rarely, stopped answering for
 * a whole file (embed.test.ts once, with every test of it passing alone and under load before and
 * after). A runner's hang is not a test's failure, so such a file runs once more, alone; a second
 * hang, or any test failing, still fails the run.
 */
function hungWidgetFiles(output) {
  const hung = /(test\/widget\/[\w-]+\.test\.ts):\s+❌ Browser tests did not finish within/g;
  return [...new Set([...output.matchAll(hung)].map((match) => match[1]))];
}

/** Runs a shell command; `stream` relays its output as it comes, otherwise it is only returned. */
function run(command, stream) {
  return new Promise((resolve) => {
    const child = spawn(command, { shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const relay = (source, target) =>
      source.on('data', (chunk) => {
        output += chunk;
        if (stream) target.write(chunk);
      });
    relay(child.stdout, process.stdout);
    relay(child.stderr, process.stderr);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

function exitCodeAsOneCheck(_output, code) {
  return code === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 };
}

/** node:test's spec reporter closes with "ℹ pass N" and "ℹ fail N". */
function nodeTestCounts(output) {
  const last = (label) =>
    Number([...output.matchAll(new RegExp(`^\\S* ?${label} (\\d+)$`, 'gm'))].pop()?.[1] ?? 0);
  return { passed: last('pass'), failed: last('fail') + last('cancelled') };
}

/** The widget runner's reporter prints a plain "N passed, N failed" line (", N skipped" may follow). */
function plainCounts(output) {
  const match = [...output.matchAll(/^(\d+) passed, (\d+) failed(?:, \d+ skipped)?$/gm)].pop();
  return match ? { passed: Number(match[1]), failed: Number(match[2]) } : { passed: 0, failed: 0 };
}
