// Jest runs as ESM because NestJS 12 packages are ESM-only (see README, "Tests").
// ts-jest only transpiles; `npm run typecheck` does the type check.
// Three tiers, one project each (npm run test:unit / test:medium / test:e2e): unit tests of
// plain functions, medium tests of services on a real database without HTTP, e2e tests of the
// running service. The global set-up provides TEST_DATABASE_URL to all of them.
const project = (displayName, testMatch) => ({
  displayName,
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.test.json' }],
  },
  testMatch,
});

export default {
  projects: [
    project('unit', ['<rootDir>/src/**/*.spec.ts', '<rootDir>/web/test/**/*.spec.ts']),
    project('medium', ['<rootDir>/test/medium/**/*.medium-spec.ts']),
    project('e2e', ['<rootDir>/test/**/*.e2e-spec.ts']),
  ],
  globalSetup: '<rootDir>/test/global-setup.mjs',
  globalTeardown: '<rootDir>/test/global-teardown.mjs',
  testTimeout: 60000,
  maxWorkers: 2,
};
