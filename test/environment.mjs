// Every test file's environment: jest's node environment, which at the file's end also removes the temp folders its
// tests made with tempDir() (test/helpers/fsSnapshot.ts), unless MCP_FACTORY_KEEP_TEST_TMP is set. The run's temp
// folder (test/globalSetup.mjs) is removed at the run's end anyway; removing each file's share as the file ends
// spreads that work over the run, when other files keep the cores busy, instead of leaving it all to the end
// (a full run's folder is ~1.6 GB in ~380,000 files, most of it generated repos' node_modules).
// Plain JavaScript, as jest loads it before any transform (like test/globalSetup.mjs).
import { TestEnvironment } from 'jest-environment-node';
import { KEEP_ENV, removeAll } from './globalSetup.mjs';
import { TEMP_DIRS } from './tempDirs.mjs';

export default class FactoryTestEnvironment extends TestEnvironment {
  /** @param {ConstructorParameters<typeof TestEnvironment>} args */
  constructor(...args) {
    super(...args);
    /** @type {string[]} */
    this.tempDirs = [];
    this.global[TEMP_DIRS] = this.tempDirs;
  }

  async teardown() {
    // A folder still written to (a process the file left running) may resist: the run's end removes it then.
    if (!process.env[KEEP_ENV]) await removeAll(this.tempDirs).catch(() => undefined);
    await super.teardown();
  }
}
