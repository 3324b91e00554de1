/** @jest-config-loader esbuild-register */
import { createDefaultEsmPreset, type JestConfigWithTsJest } from 'ts-jest';

const config: JestConfigWithTsJest = {
  ...createDefaultEsmPreset(),
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  // test/fixtures holds a small server repo that generators edit (its test file is not one of ours).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/fixtures/'],
  // A factory home per test file (MCP_FACTORY_HOME): `server` runs register in a temp catalog.
  setupFiles: ['<rootDir>/test/setupHome.ts'],
  // A team pack imports 'mcp-factory' (index.js, which loads generators/index.ts through tsx); in
  // jest the package's TypeScript entry is loaded directly.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1', '^mcp-factory$': '<rootDir>/generators/index.ts' },
  // The e2e suite installs and tests generated servers; those steps take minutes, not seconds.
  testTimeout: 60_000,
  // Jest's default on 2 cores is one worker, and an e2e file spends much of its time waiting on one
  // single-threaded child (npm, tsc, esbuild, a server): two files at once keep both cores busy.
  maxWorkers: 2,
};

export default config;
