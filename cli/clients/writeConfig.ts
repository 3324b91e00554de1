// Writing a client's config: a backup of the previous file beside it, then an atomic replace.
import fs from 'node:fs';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';

/** Writes `text` to `file` unless it is already there; returns the backup's path, if one was made. */
export async function writeWithBackup(
  file: string,
  original: string | undefined,
  text: string,
): Promise<string | undefined> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let backup: string | undefined;
  if (original !== undefined) {
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
    backup = `${file}.${stamp}.bak`;
    fs.copyFileSync(file, backup);
  }
  await writeFileAtomic(file, text);
  return backup;
}
