// The end of every run: writes the staged tree to disk, or with --dry-run lists what would change and
// writes nothing. Each file is written atomically (temp file + rename) so an interrupted run never
// leaves a half-written source file. Effects outside the repo that steps asked for (Tree.afterCommit)
// run after the files are written.
import fs from 'node:fs';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { Tree } from './tree.js';

export async function commitTree(tree: Tree, dryRun: boolean): Promise<string> {
  const changes = tree.changes();
  if (changes.length === 0) return 'nothing to change: everything is already up to date';
  const created = changes.filter((c) => c.kind === 'create').length;
  const deleted = changes.filter((c) => c.kind === 'delete').length;
  const modified = changes.length - created - deleted;
  // Deletions are rare (only `update` stages them): mentioned only when there are some.
  const andDeleted = deleted ? `, ${deleted} deleted` : '';
  if (dryRun) {
    const list = changes.map((c) => `  would ${c.kind} ${c.path}`).join('\n');
    return `dry run: ${created} file(s) would be created, ${modified} modified${andDeleted}; nothing written\n${list}`;
  }
  for (const change of changes) {
    const abs = tree.abs(change.path);
    if (change.kind === 'delete') {
      fs.rmSync(abs, { force: true });
      continue;
    }
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    await writeFileAtomic(abs, change.content);
  }
  const lines = [`wrote ${changes.length - deleted} file(s): ${created} created, ${modified} modified${andDeleted}`];
  for (const effect of tree.effects()) lines.push(await effect());
  return lines.join('\n');
}
