// Several processes and kill -9, with real child processes (burst.ts runs the real
// call path): two writers on one data dir never interleave, and a writer killed at any moment leaves
// only whole lines (a torn tail is moved aside at the next start); with durability `always` every
// answered call is on disk.
import { describe, expect } from '@jest/globals';
import { JsonlStore } from '../../src/persistence/jsonl.js';
import { it } from '../../../test/helpers/timeouts.js';
import { linesOf, persistenceEnv, recordFileNames, tempDataDir } from './helpers.js';
import { startBurst } from './startBurst.js';

describe('processes sharing a data dir', () => {
  it('two processes × 1,000 calls → 2,000 parseable records', async () => {
    const dir = tempDataDir();
    const env = persistenceEnv(dir, { DURABILITY: 'batch' });
    const bursts = [startBurst(env, 1000, 50), startBurst(env, 1000, 50)];
    for (const burst of bursts) {
      expect(await burst.exited).toBe(0);
      expect(burst.acked).toHaveLength(1000);
    }
    const { records, tails } = linesOf(dir);
    expect(tails).toEqual([]);
    expect(records).toHaveLength(2000);
    expect(new Set(records.map((r) => r.id)).size).toBe(2000);
    expect(new Set(records.map((r) => r.pid))).toEqual(new Set(bursts.map((b) => b.child.pid)));
    expect(recordFileNames(dir)).toHaveLength(2);
  }, 60_000);
});

describe('kill -9 mid-burst, 20 times', () => {
  const durabilities = ['always', 'batch', 'none', 'always'];
  it('every complete line parses, a torn tail is moved aside once, `always` loses nothing answered', async () => {
    const dir = tempDataDir();
    let answered = 0;
    for (let round = 0; round < 20; round++) {
      const durability = durabilities[round % durabilities.length];
      // Large records make a kill during a write likely; the payload varies so lines differ in size.
      const env = persistenceEnv(dir, { DURABILITY: durability, RECORD_MAX_FILE_BYTES: String(256 * 1024) });
      const burst = startBurst({ ...env, BURST_PAYLOAD: String(2000 + round * 500) }, 1_000_000, 20);
      await burst.acks(20 + ((round * 37) % 200));
      burst.child.kill('SIGKILL');
      await burst.exited;
      const acked = [...burst.acked];
      answered += acked.length;

      // The next start repairs what the killed process left.
      const reports: string[] = [];
      const store = new JsonlStore({
        dataDir: dir,
        durability: 'batch',
        flushMs: 10,
        maxFileBytes: 1 << 20,
        keepFiles: 1000,
        report: (m) => reports.push(m),
      });
      store.start();
      expect(reports.length).toBeLessThanOrEqual(1);
      const { records, tails } = linesOf(dir); // throws on any line that does not parse
      expect(tails).toEqual([]);
      if (durability === 'always') {
        const recorded = new Set(records.map((r) => r.requestId));
        expect(acked.filter((id) => !recorded.has(id))).toEqual([]);
      }
    }
    expect(answered).toBeGreaterThan(20 * 20);
  }, 180_000);
});
