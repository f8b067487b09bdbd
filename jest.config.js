/**
 * Three projects: pure unit tests, workflow tests on Temporal's time-skipping test server (stub
 * activities), and integration tests against a real Temporal server and PostgreSQL.
 */
const common = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/data/', '<rootDir>/.tools/'],
  // Type checking is `npm run typecheck` (part of `npm test`); ts-jest only transpiles, which is fast.
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
};

module.exports = {
  testTimeout: 120_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/tests/unit/**/*.test.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/tests/integration/**/*.test.ts'],
      // Prints the worker's held-back log for failing tests only (tests/setup/log-buffer.ts).
      testEnvironment: '<rootDir>/tests/setup/quiet-environment.ts',
      globalSetup: '<rootDir>/tests/setup/global-setup.ts',
      globalTeardown: '<rootDir>/tests/setup/global-teardown.ts',
      slowTestThreshold: 30,
    },
    {
      ...common,
      displayName: 'workflow',
      // The workflows on Temporal's time-skipping test server with stub activities, at real limits.
      testMatch: ['<rootDir>/tests/workflow/**/*.test.ts'],
      globalSetup: '<rootDir>/tests/workflow/setup/global-setup.ts',
      globalTeardown: '<rootDir>/tests/workflow/setup/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/tests/workflow/setup/timeout.ts'],
    },
  ],
};
