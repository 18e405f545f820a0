/**
 * Prints `N passed, N failed` as the last line, the closing line CI reads. A test file that failed
 * to load counts as one failure. Never throws: a throwing reporter would make the runner exit 0.
 */
export function countReporter() {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  const countSuite = (suite) => {
    for (const test of suite?.tests ?? []) {
      if (test.skipped) counts.skipped += 1;
      else if (test.passed) counts.passed += 1;
      else counts.failed += 1;
    }
    for (const child of suite?.suites ?? []) countSuite(child);
  };
  return {
    stop({ sessions }) {
      try {
        for (const session of sessions) {
          const before = counts.failed;
          countSuite(session.testResults);
          if (!session.passed && counts.failed === before) counts.failed += 1;
        }
      } catch {
        counts.failed += 1;
      }
      process.on('exit', () => {
        const skipped = counts.skipped ? `, ${counts.skipped} skipped` : '';
        console.log(`${counts.passed} passed, ${counts.failed} failed${skipped}`);
      });
    },
  };
}
