// Test helpers: temp folders outside the repo, and a byte-level snapshot of a folder to prove
// that a refused run changed nothing.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FACTORY_ROOT } from '../../engine/paths.js';
import { TEMP_DIRS } from '../tempDirs.mjs';

export { FACTORY_ROOT };

export function tempDir(prefix = 'mcp-factory-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  // Removed when the test file ends (test/environment.mjs), unless the run's temp folder is kept.
  const made: unknown = Reflect.get(globalThis, TEMP_DIRS);
  if (Array.isArray(made)) made.push(dir);
  return dir;
}

/** A fresh temp folder holding `files` (relative path → content). */
export function folderWith(files: Record<string, string>, prefix?: string): string {
  const root = tempDir(prefix);
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), content);
  }
  return root;
}

/**
 * Relative path → sha256 of every file under dir; node_modules and .git (a generated repo's history:
 * `server` commits its files) skipped.
 */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const abs = path.join(entry.parentPath, entry.name);
    const skipped = [`${path.sep}node_modules${path.sep}`, `${path.sep}.git${path.sep}`];
    if (!entry.isFile() || skipped.some((part) => abs.includes(part))) continue;
    out[path.relative(dir, abs)] = crypto.createHash('sha256').update(fs.readFileSync(abs)).digest('hex');
  }
  return out;
}

/** A copy of the small fixture server repo (test/fixtures/server-repo) in a fresh temp folder. */
export function fixtureRepo(): string {
  const dir = tempDir('mcp-factory-fixture-');
  fs.cpSync(path.join(FACTORY_ROOT, 'test/fixtures/server-repo'), dir, { recursive: true });
  return dir;
}
