/**
 * The topology tier (`npm run test:topology`, also the last step of `npm test`): starts the
 * production topology with `npm run start:cluster` and kills parts of it. A config of its own:
 * it needs the cluster binaries (scripts/ensure-temporal-cluster-tools.sh) and none of the
 * integration tier's shared stack, and it must run alone on the machine's cores.
 */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/data/', '<rootDir>/.tools/'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  displayName: 'topology',
  testMatch: ['<rootDir>/tests/topology/**/*.test.ts'],
  testTimeout: 600_000,
};
