import { relative } from 'node:path';

/**
 * Prints `N passed, N failed` as the last line, the closing line CI reads, and before it a
 * `failed test: ` line for each failure (file › suites › test: the error's first line), which
 * test/run.mjs repeats in its summary. A test file that failed to load counts as one failure.
 * Never throws: a throwing reporter would make the runner exit 0.
 */
export function countReporter() {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  const failures = [];
  const countSuite = (suite, path) => {
    for (const test of suite?.tests ?? []) {
      if (test.skipped) counts.skipped += 1;
      else if (test.passed) counts.passed += 1;
      else {
        counts.failed += 1;
        failures.push(`${[...path, test.name].join(' › ')}: ${firstLine(test.error?.message)}`);
      }
    }
    for (const child of suite?.suites ?? []) countSuite(child, [...path, child.name]);
  };
  return {
    stop({ sessions }) {
      try {
        for (const session of sessions) {
          const before = counts.failed;
          const file = relative(process.cwd(), session.testFile);
          countSuite(session.testResults, [file]);
          if (!session.passed && counts.failed === before) {
            counts.failed += 1;
            failures.push(`${file}: ${firstLine(session.errors?.[0]?.message)}`);
          }
        }
      } catch {
        counts.failed += 1;
      }
      process.on('exit', () => {
        for (const failure of failures) console.log(`failed test: ${failure}`);
        const skipped = counts.skipped ? `, ${counts.skipped} skipped` : '';
        console.log(`${counts.passed} passed, ${counts.failed} failed${skipped}`);
      });
    },
  };
}

const firstLine = (message) => String(message ?? 'no error reported').split('\n')[0];
