/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  // The backend is ESM (NestJS 12 is): Jest runs it with --experimental-vm-modules.
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json', useESM: true }] },
  moduleNameMapper: {
    '^@marhaba/shared$': '<rootDir>/../shared/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testSequencer: '<rootDir>/test/support/longest-first.sequencer.js',
  // One PostgreSQL for the run (DATABASE_URL for the workers); each file drops its databases after it.
  globalSetup: '<rootDir>/test/support/global-setup.mjs',
  globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
  setupFilesAfterEnv: ['<rootDir>/test/support/setup-after-env.ts'],
  testTimeout: 60_000,
  maxWorkers: 2,
};
