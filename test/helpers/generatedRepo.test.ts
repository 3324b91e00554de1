import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { firstOfItsSet } from './generatedRepo.js';
import { tempDir } from './fsSnapshot.js';

const settled = async (promise: Promise<unknown>, ms: number) =>
  Promise.race([promise.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), ms))]);

describe('install seeds', () => {
  it('lets one install make a missing seed while the others of its set wait, then start from it', async () => {
    const seed = path.join(tempDir(), 'seeds', 'abc');
    const first = await firstOfItsSet(seed);
    expect(first).toBeInstanceOf(Function);
    const second = firstOfItsSet(seed);
    expect(await settled(second, 600)).toBe(false); // waits while the first installs
    fs.mkdirSync(seed); // the first install kept its seed
    await first?.();
    expect(await second).toBeUndefined(); // the seed is there: no lock held, installs go on side by side
    expect(await firstOfItsSet(seed)).toBeUndefined();
  });

  it('hands the lock on when the first install fails without making the seed', async () => {
    const seed = path.join(tempDir(), 'abc');
    const first = await firstOfItsSet(seed);
    const second = firstOfItsSet(seed);
    await first?.();
    const release = await second;
    expect(release).toBeInstanceOf(Function); // this one installs in full and makes the seed
    await release?.();
  });
});
