// A generator refusal as users must see it: no change recorded, one line naming the problem, and
// the folder byte-identical afterwards.
import fs from 'node:fs';
import path from 'node:path';
import { expect } from '@jest/globals';
import { snapshot } from './fsSnapshot.js';

type RunResult = { changes: unknown[]; failures: Array<{ error?: string }> };

export async function expectOneLineRefusal(dir: string, run: () => Promise<RunResult>, message: string): Promise<void> {
  const before = snapshot(dir);
  const { changes, failures } = await run();
  expect(changes).toEqual([]);
  expect(failures[0].error).toContain(message);
  expect(failures[0].error).not.toContain('\n');
  expect(snapshot(dir)).toEqual(before);
}

/** Edits one file of `dir` (a user's hand edit), expects the run to refuse as above, then restores the file. */
export async function expectRefusalAfterEdit(
  dir: string,
  file: string,
  edit: (content: string) => string,
  run: () => Promise<RunResult>,
  message: string,
): Promise<void> {
  const abs = path.join(dir, file);
  const original = fs.readFileSync(abs, 'utf8');
  fs.writeFileSync(abs, edit(original));
  try {
    await expectOneLineRefusal(dir, run, message);
  } finally {
    fs.writeFileSync(abs, original);
  }
}
