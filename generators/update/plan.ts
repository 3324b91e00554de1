// Classifies every file of the two renders against the user's tree, copier-style: the change from
// the baseline render (what the user started from) to the target render (the current factory) is
// applied to the user's file. The user's edits survive, files the user deleted stay deleted, files
// the template removed are removed unless the user changed them, and overlapping edits get conflict
// markers. Files outside both renders are the user's own and are never looked at.
import fs from 'node:fs';
import path from 'node:path';
import { MANIFEST } from '../../engine/actions/recordRun.js';
import { merge3, type MergeLabels } from './merge3.js';

export type FileAction = 'unchanged' | 'updated' | 'merged' | 'conflict' | 'added' | 'removed';

export interface FilePlan {
  path: string;
  action: FileAction;
  /** The new content (updated, merged, conflict, added). */
  content?: string;
  /** Why an unchanged file was left alone when the template changed it. */
  note?: string;
  /** Rewritten by the update itself (not merged text): formatted like any file a generator writes. */
  format?: boolean;
}

/**
 * Not merged: the manifest (update rewrites it), and package-lock.json, which is derived from
 * package.json (regenerated after the update instead: a merged lock file is not a lock file).
 */
export const NOT_MERGED = new Set([MANIFEST, 'package-lock.json']);
const SKIPPED_DIRS = new Set(['node_modules', '.git', 'dist']);

/** Every file below `root` (relative, `/`-separated), node_modules, .git and dist left out. */
export function listFiles(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (SKIPPED_DIRS.has(entry.name)) continue;
      const abs = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(abs);
      else if (entry.isFile()) {
        const rel = path.relative(root, abs).split(path.sep).join('/');
        if (!NOT_MERGED.has(rel)) files.set(rel, fs.readFileSync(abs, 'utf8'));
      }
    }
  };
  walk(root);
  return files;
}

export function planFiles(
  base: Map<string, string>,
  target: Map<string, string>,
  readOurs: (file: string) => string | undefined,
  labels?: MergeLabels,
): FilePlan[] {
  const paths = [...new Set([...base.keys(), ...target.keys()])].sort();
  return paths.map((file): FilePlan => {
    const before = base.get(file);
    const after = target.get(file);
    const ours = readOurs(file);
    if (before === after) return { path: file, action: 'unchanged' };
    if (after === undefined) {
      // The template no longer has it.
      if (ours === undefined) return { path: file, action: 'unchanged' };
      if (ours === before) return { path: file, action: 'removed' };
      return { path: file, action: 'unchanged', note: 'removed from the template; kept because you changed it' };
    }
    if (ours === after) return { path: file, action: 'unchanged' };
    if (before === undefined && ours === undefined) return { path: file, action: 'added', content: after };
    if (ours === undefined) return { path: file, action: 'unchanged', note: 'changed in the template; you deleted it' };
    if (ours === before) return { path: file, action: 'updated', content: after };
    const merged = merge3(ours, before ?? '', after, labels);
    return { path: file, action: merged.conflicts > 0 ? 'conflict' : 'merged', content: merged.content };
  });
}
