/** @jest-config-loader esbuild-register */
import { createDefaultEsmPreset, type JestConfigWithTsJest } from 'ts-jest';

const config: JestConfigWithTsJest = {
  ...createDefaultEsmPreset(),
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  // The e2e suite installs and tests generated servers; those steps take minutes, not seconds.
  testTimeout: 60_000,
};

export default config;
