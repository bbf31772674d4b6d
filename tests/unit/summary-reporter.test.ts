// The closing line CI reads must say "failed" whenever the run failed: a test
// file that does not even load (syntax error, missing import) has no tests,
// yet it fails the run.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TestModule } from 'vitest/node';
import SummaryReporter from '../support/summary-reporter';

type State = 'passed' | 'failed' | 'skipped' | 'pending';

function fakeModule(state: State, tests: State[], errors: Array<{ message: string }> = []): TestModule {
  const cases = tests.map((s) => ({ result: () => ({ state: s }) }));
  return {
    state: () => state,
    errors: () => errors,
    children: { allTests: () => cases[Symbol.iterator]() },
  } as unknown as TestModule;
}

function closingLine(modules: TestModule[], unhandled: Array<{ message: string }> = []): string {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  new SummaryReporter().onTestRunEnd(modules, unhandled as never);
  const lines = log.mock.calls.map((c) => String(c[0]).trim());
  return lines.find((l) => l.startsWith('vitest:'))!;
}

afterEach(() => vi.restoreAllMocks());

describe('summary reporter', () => {
  it('counts passed, failed and skipped tests', () => {
    expect(closingLine([fakeModule('passed', ['passed', 'passed']), fakeModule('failed', ['passed', 'failed', 'skipped'])])).toBe(
      'vitest: 3 passed, 1 failed, 1 skipped',
    );
  });

  it('counts a test file that failed to load as a failure', () => {
    const broken = fakeModule('failed', [], [{ message: 'Failed to load url ./missing (resolved id: ./missing)' }]);
    expect(closingLine([fakeModule('passed', ['passed', 'passed']), broken])).toBe('vitest: 2 passed, 1 failed (1 file failed outside its tests)');
  });

  it('counts a file whose setup (beforeAll) failed, its tests skipped, as a failure', () => {
    const setupFailed = fakeModule('failed', ['skipped', 'skipped'], [{ message: 'The server did not start in time' }]);
    expect(closingLine([setupFailed])).toBe('vitest: 0 passed, 1 failed, 2 skipped (1 file failed outside its tests)');
  });

  it('counts errors thrown outside any test', () => {
    expect(closingLine([fakeModule('passed', ['passed'])], [{ message: 'Unhandled rejection' }])).toBe('vitest: 1 passed, 1 failed (1 unhandled error)');
  });

  it('does not count a file twice when its tests already failed', () => {
    expect(closingLine([fakeModule('failed', ['failed', 'passed'])])).toBe('vitest: 1 passed, 1 failed');
  });
});
