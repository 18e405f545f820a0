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
    rerunIf: runnerHung,
  })),
  perEngine('test/e2e', (engine) => ({
    name: `e2e (${engine})`,
    command: `TEST_ENGINES=${engine} npm run --silent test:e2e`,
    count: nodeTestCounts,
  })),
];

/** Each suite's counts, by name, in the order they first ended; a rerun's counts replace the first run's. */
const results = new Map();
for (const suite of checks) await runSuite(suite, { stream: true });
await Promise.all(
  lanes.map(async (lane) => {
    for (const suite of lane) await runSuite(suite, { stream: false });
  }),
);
printSummary();

/**
 * Runs one suite and records its counts. A suite in a lane prints its output whole when it ends, so
 * suites running side by side do not interleave their lines.
 */
async function runSuite(suite, { stream }, attempt = 1) {
  const label = attempt === 1 ? suite.name : `${suite.name}, run ${attempt}`;
  console.log(
    `\n=== ${label}: ${stream ? '' : 'started, output follows when it ends: '}${suite.command}`,
  );
  const started = Date.now();
  const { code, output } = await run(suite.command, stream);
  const seconds = Math.round((Date.now() - started) / 1000);
  if (!stream) process.stdout.write(`\n=== ${label}: output\n${output}`);
  const counts = { ...suite.count(output, code), failures: failedTests(output) };
  // A runner that crashed before counting, or exited non-zero with no failure counted, is a failure.
  if (code !== 0 && counts.failed === 0) counts.failed = 1;
  console.log(`=== ${label}: ${counts.passed} passed, ${counts.failed} failed (${seconds} s)`);
  results.set(suite.name, { ...counts, note: attempt === 1 ? '' : ` (run ${attempt})` });
  const why = attempt === 1 ? suite.rerunIf?.(output) : undefined;
  if (why) {
    console.log(
      `=== ${suite.name}: ${why}; the whole suite runs once more, and only that run counts`,
    );
    await runSuite(suite, { stream }, attempt + 1);
  }
}

/**
 * The widget runner's browser never reported back for a test file (@web/test-runner's
 * testsFinishTimeout). Under load WebKitGTK has, rarely, stopped answering for a whole file
 * (embed.test.ts, whose tests pass alone and under load before and after). A runner's hang is not
 * a test's failure, but what the runner counted around it cannot be trusted either (a later file
 * may fail on the stuck browser), so the whole suite runs again; a second hang, or any test
 * failing in that run, fails the run.
 */
function runnerHung(output) {
  const hung = /(test\/widget\/[\w-]+\.test\.ts):\s+❌ Browser tests did not finish within/g;
  const files = [...new Set([...output.matchAll(hung)].map((match) => match[1]))];
  return files.length > 0 ? `no answer from ${files.join(' ')}` : undefined;
}

/**
 * Every suite's counts, then the closing line CI reads. CI keeps only the tail of the output, so
 * the suites that failed are named here, at the end, rather than only far above in their output.
 */
function printSummary() {
  let passed = 0;
  let failed = 0;
  console.log('\n=== summary');
  for (const [name, counts] of results) {
    passed += counts.passed;
    failed += counts.failed;
    const mark = counts.failed > 0 ? 'FAILED ' : '';
    console.log(`${mark}${name}: ${counts.passed} passed, ${counts.failed} failed${counts.note}`);
    if (counts.failed > 0) for (const failure of counts.failures) console.log(`  ✖ ${failure}`);
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
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

/**
 * Which tests failed and why, one line each, for the summary: CI's tail would otherwise show only a
 * suite's counts. From node:test's closing "✖ failing tests:" list (leaving out the suites that
 * failed only because a test in them did) and from the widget runner's `failed test: ` lines
 * (count-reporter.mjs). At most three, each cut to 200 characters.
 */
function failedTests(output) {
  const failures = [];
  const list = output.split(/^✖ failing tests:$/m)[1];
  for (const entry of list?.split(/\n\s*\n/) ?? []) {
    const [name, why] = entry
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('test at '));
    if (!name?.startsWith('✖ ') || /^'\d+ subtests? failed'$/.test(why ?? '')) continue;
    failures.push(`${name.slice(2).replace(/ \([\d.]+ms\)$/, '')}: ${why ?? ''}`);
  }
  for (const match of output.matchAll(/^failed test: (.+)$/gm)) failures.push(match[1]);
  // A failed hook cancels the tests after it: the hook's error says more, so it comes first.
  const cancelled = (failure) => failure.endsWith("was cancelled'");
  return [...failures.filter((f) => !cancelled(f)), ...failures.filter(cancelled)]
    .slice(0, 3)
    .map((failure) => failure.slice(0, 200));
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
