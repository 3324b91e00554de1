// A generator refusal as users must see it: no change recorded, one line naming the problem, and
// the folder byte-identical afterwards.
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
