// The end of every run: writes the staged tree to disk, or with --dry-run lists what would change and
// writes nothing. Each file is written atomically (temp file + rename) so an interrupted run never
// leaves a half-written source file; the files are written concurrently. Effects outside the repo
// that steps asked for (Tree.afterCommit) run after the files are written.
import fs from 'node:fs';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { Tree } from './tree.js';

/** Files written at once: enough to overlap the fsyncs, far below any usual open-file limit (each holds 1–2). */
export const WRITES_IN_FLIGHT = 32;

// A fixed pool of `limit` workers taking the next item: the few lines p-limit would give, without a dependency.
async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

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
  const writes = changes.filter((c) => c.kind !== 'delete');
  for (const c of changes) if (c.kind === 'delete') fs.rmSync(tree.abs(c.path), { force: true });
  for (const dir of new Set(writes.map((c) => path.dirname(tree.abs(c.path))))) fs.mkdirSync(dir, { recursive: true });
  // Concurrently: each write waits on its fsync, and a large run (hundreds of files from an OpenAPI
  // spec) spent most of its commit waiting on them one after the other. But never all at once: a spec
  // of 11,000 operations stages 23,000 files, and as many open files at once exceed the process's limit.
  await inParallel(writes, WRITES_IN_FLIGHT, (change) => writeFileAtomic(tree.abs(change.path), change.content));
  const lines = [`wrote ${writes.length} file(s): ${created} created, ${modified} modified${andDeleted}`];
  for (const effect of tree.effects()) lines.push(await effect());
  return lines.join('\n');
}
