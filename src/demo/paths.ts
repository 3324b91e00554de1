import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export { FACTORY_ROOT } from '../../engine/paths.js';

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
