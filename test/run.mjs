// `npm test`: the lockfile check, lint, format check, the widget build and type checks, then the
// server suite, and the widget and end-to-end suites once per browser engine (test/browsers.mjs),
// each in the runner made for it. Prints every suite's own output and ends with one plain line,
// `N passed, N failed`, summed over all suites and engines (CI reads that line). Exits non-zero if
// anything failed.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { engineNames } from './browsers.mjs';

const hasTests = (dir, pattern) =>
  existsSync(dir) && readdirSync(dir).some((file) => pattern.test(file));

const suites = [
  { name: 'lockfile', command: 'npm run --silent test:lockfile', count: nodeTestCounts },
  { name: 'lint', command: 'npm run --silent lint', count: exitCodeAsOneCheck },
  { name: 'format', command: 'npm run --silent format:check', count: exitCodeAsOneCheck },
  // The Worker bundles the widget build's first screen (dist/first-screen.json, inlined in the
  // /authorize page), so the build comes before the type checks and every suite that starts it.
  { name: 'build', command: 'npm run --silent build', count: exitCodeAsOneCheck },
  { name: 'types', command: 'npm run --silent test:types', count: exitCodeAsOneCheck },
  { name: 'server', command: 'npm run --silent test:server', count: nodeTestCounts },
  { name: 'engines', command: 'node test/browsers.mjs', count: exitCodeAsOneCheck },
  // One engine at a time: three browsers at once on two cores made timing-sensitive tests flaky.
  ...(hasTests('test/widget', /\.test\.ts$/) ? engineNames : []).map((engine) => ({
    name: `widget (${engine})`,
    command: `TEST_ENGINES=${engine} npm run --silent test:widget`,
    count: plainCounts,
  })),
  ...(hasTests('test/e2e', /\.test\.ts$/) ? engineNames : []).map((engine) => ({
    name: `e2e (${engine})`,
    command: `TEST_ENGINES=${engine} npm run --silent test:e2e`,
    count: nodeTestCounts,
  })),
].filter(Boolean);

let passed = 0;
let failed = 0;
for (const suite of suites) {
  console.log(`\n=== ${suite.name}: ${suite.command}`);
  const { code, output } = await run(suite.command);
  const counts = suite.count(output, code);
  // A runner that crashed before counting, or exited non-zero with no failure counted, is a failure.
  if (code !== 0 && counts.failed === 0) counts.failed = 1;
  console.log(`=== ${suite.name}: ${counts.passed} passed, ${counts.failed} failed`);
  passed += counts.passed;
  failed += counts.failed;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);

function run(command) {
  return new Promise((resolve) => {
    const child = spawn(command, { shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const relay = (stream, target) =>
      stream.on('data', (chunk) => {
        output += chunk;
        target.write(chunk);
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
