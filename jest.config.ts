/** @jest-config-loader esbuild-register */
import { createDefaultEsmPreset, type JestConfigWithTsJest } from 'ts-jest';

const config: JestConfigWithTsJest = {
  ...createDefaultEsmPreset(),
  // jest's node environment, which also removes the temp folders a file made (tempDir()) when the file ends.
  testEnvironment: '<rootDir>/test/environment.mjs',
  // runtime/test: the runtime package's own tests, run here once (never in the repos generated from it).
  roots: ['<rootDir>/test', '<rootDir>/runtime/test'],
  // test/fixtures holds a small server repo that generators edit (its test file is not one of ours).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/fixtures/'],
  // A factory home per test file (MCP_FACTORY_HOME): `server` runs register in a temp catalog.
  // Generated repos depend on a packed copy of runtime/ (test/setupRuntime.ts).
  setupFiles: ['<rootDir>/test/setupHome.ts', '<rootDir>/test/setupRuntime.ts'],
  // Every process of a run gets a temp folder of the run's own (TMPDIR), removed at its end.
  globalSetup: '<rootDir>/test/globalSetup.mjs',
  globalTeardown: '<rootDir>/test/globalTeardown.mjs',
  // A team pack imports 'mcp-factory' (index.js, which loads engine/index.ts through tsx); in
  // jest the package's TypeScript entry is loaded directly.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1', '^mcp-factory$': '<rootDir>/engine/index.ts' },
  // The default time limit of a test or hook (the e2e suite's steps take minutes, not seconds), stretched
  // by the machine's load like every limit of the tests: set there, as this file cannot load the helper.
  setupFilesAfterEnv: ['<rootDir>/test/setupTimeouts.ts'],
  // Jest's default on 2 cores is one worker, and an e2e file spends much of its time waiting on one
  // single-threaded child (npm, tsc, esbuild, a server): three files at once keep both cores busy.
  maxWorkers: 3,
  // The known-long files start first, longest first, so that the run does not end on one of them
  // alone (test/sequencer.mjs).
  testSequencer: '<rootDir>/test/sequencer.mjs',
};

export default config;
