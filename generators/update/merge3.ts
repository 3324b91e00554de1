// One file's 3-way merge: the user's version, the baseline render (what the user started from) and
// the target render (the current factory). We call `git merge-file` rather than an npm diff3 library:
// git is a well-kept, well-known merge (its conflict markers are what editors and `git mergetool`
// understand), it is already required (update refuses outside a clean git repo), and the result is
// exactly what users get from git itself.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface MergeResult {
  content: string;
  /** How many conflicting hunks got markers (0: a clean merge). */
  conflicts: number;
}

export interface MergeLabels {
  ours: string;
  base: string;
  theirs: string;
}

const DEFAULT_LABELS: MergeLabels = { ours: 'yours', base: 'baseline', theirs: 'factory' };

export function merge3(ours: string, base: string, theirs: string, labels = DEFAULT_LABELS): MergeResult {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-factory-merge-'));
  try {
    const files = { ours: path.join(dir, 'ours'), base: path.join(dir, 'base'), theirs: path.join(dir, 'theirs') };
    fs.writeFileSync(files.ours, ours);
    fs.writeFileSync(files.base, base);
    fs.writeFileSync(files.theirs, theirs);
    const result = spawnSync(
      'git',
      [
        'merge-file',
        '-p',
        '-L',
        labels.ours,
        '-L',
        labels.base,
        '-L',
        labels.theirs,
        files.ours,
        files.base,
        files.theirs,
      ],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    // git merge-file exits with the number of conflicts (capped at 127), or a negative status (>= 128 here) on error.
    if (result.error || result.status === null || result.status > 127) {
      const reason = result.error?.message ?? result.stderr.split('\n')[0];
      throw new Error(`git merge-file failed: ${reason} (is git installed?)`);
    }
    return { content: result.stdout, conflicts: result.status };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
