// test/globalSetup.mjs: this run's temp folder is removed at its end.
export { globalTeardown as default } from './globalSetup.mjs';
