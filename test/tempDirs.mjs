// The folders a test file makes with tempDir() (test/helpers/fsSnapshot.ts) are listed on the file's global object
// under this name, and test/environment.mjs removes them when the file ends.
export const TEMP_DIRS = '__mcpFactoryTempDirs';
