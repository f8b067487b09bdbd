/**
 * The quiet test report (issue 9): the worker's WARN lines of a test (expected activity retries)
 * are printed only when that test fails (tests/setup/log-buffer.ts, tests/setup/quiet-environment.ts).
 * Runs a jest of its own on a fixture with one passing and one failing test that both log a WARN.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

test('a passing test’s worker WARN is dropped; a failing test’s is printed with its test name', () => {
  const config = {
    rootDir: root,
    testMatch: ['<rootDir>/tests/setup/fixtures/worker-warn.fixture.ts'],
    testEnvironment: '<rootDir>/tests/setup/quiet-environment.ts',
    transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  };
  const run = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), '--config', JSON.stringify(config), '--ci', '--colors=false'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  const output = `${run.stdout}\n${run.stderr}`;
  expect(run.status).toBe(1); // the fixture's failing test failed, and only that one
  expect(output).toMatch(/Tests: +1 failed, 1 passed, 2 total/);
  expect(output).toContain('worker log held back during "a failing test whose activity retried"');
  expect(output).toContain('[WARN] Activity failed, will retry MARKER-OF-THE-FAILING-TEST');
  expect(output).toContain('expected failure MARKER-OF-THE-FAILING-TEST');
  expect(output).not.toContain('MARKER-OF-THE-PASSING-TEST');
}, 60_000);
