// Prints one plain closing line, "vitest: N passed, N failed", that CI reads.
// "failed" counts failed tests, plus every test file that failed outside its
// tests (it did not load, or a beforeAll/afterAll hook threw) and every error
// thrown outside any test: the line says "0 failed" only when the run passed.
import type { Reporter, SerializedError, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError> = []): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    let brokenFiles = 0;
    for (const module of testModules) {
      let failedHere = 0;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failedHere++;
        else skipped++;
      }
      failed += failedHere;
      if (failedHere === 0 && (module.state() === 'failed' || module.errors().length > 0)) brokenFiles++;
    }
    const notes = [
      ...(brokenFiles ? [`${brokenFiles} file${brokenFiles === 1 ? '' : 's'} failed outside ${brokenFiles === 1 ? 'its' : 'their'} tests`] : []),
      ...(unhandledErrors.length ? [`${unhandledErrors.length} unhandled error${unhandledErrors.length === 1 ? '' : 's'}`] : []),
    ];
    const total = failed + brokenFiles + unhandledErrors.length;
    console.log(`\nvitest: ${passed} passed, ${total} failed${skipped ? `, ${skipped} skipped` : ''}${notes.length ? ` (${notes.join(', ')})` : ''}`);
  }
}
