import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const FACTORY_ROOT = path.resolve(import.meta.dirname, '../..');

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
