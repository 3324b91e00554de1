// The jsonl store in-process (the jsonl backend, and the postgres backend's spill), through the real call
// path (defineTool → recorder → store): concurrent calls, what a record holds, that no credential reaches
// it, rotation, a folder that cannot be written, a torn tail left by a killed process, and the history reads.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { describe, expect } from '@jest/globals';
import { type Persistence } from '../../src/persistence/index.js';
import { jsonlPersistence, JsonlStore } from '../../src/persistence/jsonl.js';
import { loadPersistenceSettings } from '../../src/persistence/settings.js';
import { closeLocal, listenLocal } from '../helpers/localServer.js';
import { captureLog } from '../../src/testing/log.js';
import { afterAll, beforeAll, it } from '../../../test/helpers/timeouts.js';

/** A pause that makes the next record's time differ (not a time limit: a longer one changes nothing). */
const CLOCK_TICK_MS = 5;
import {
  API_KEY,
  depsOf,
  echo,
  getItem,
  linesOf,
  persistenceEnv,
  recordFileNames,
  settingsSource,
  tempDataDir,
} from './helpers.js';

const okBody = { id: 'a1', name: 'first item' };
let upstream: http.Server;
let baseUrl: string;
beforeAll(async () => {
  upstream = http.createServer((req, res) => {
    if (req.url?.startsWith('/items/a1'))
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(okBody));
    else res.writeHead(404).end();
  });
  baseUrl = await listenLocal(upstream);
});
afterAll(() => closeLocal(upstream));

/** A persistence set-up over `dir` and the deps a tool call gets, as a server wires them. */
function wired(dir: string, settings: Record<string, string> = {}, base = baseUrl) {
  const reports: string[] = [];
  const persistence = jsonlPersistence(
    loadPersistenceSettings(settingsSource('jsonl'), persistenceEnv(dir, settings)),
    (m) => reports.push(m),
  );
  return { persistence, deps: depsOf(persistence, { baseUrl: base }), reports };
}

const closeAll: Persistence[] = [];
afterAll(async () => {
  for (const p of closeAll) await p.close();
});

describe('jsonl records', () => {
  it.each(['none', 'batch', 'always'])(
    '500 concurrent calls (durability %s) → exactly 500 parseable records',
    async (durability) => {
      const dir = tempDataDir();
      const { persistence, deps, reports } = wired(dir, { DURABILITY: durability });
      const results = await Promise.all(Array.from({ length: 500 }, (_, n) => echo.call({ n }, deps, undefined, n)));
      expect(results.every((r) => !r.isError)).toBe(true);
      await persistence.close();
      const { records, tails } = linesOf(dir);
      expect(tails).toEqual([]);
      expect(records).toHaveLength(500);
      expect(new Set(records.map((r) => r.id)).size).toBe(500);
      expect(records.map((r) => (r.args as { n: number }).n).sort((a, b) => a - b)).toEqual([...Array(500).keys()]);
      expect(records.every((r) => r.tool === 'echo' && r.outcome === 'ok' && r.result === `echo ${r.requestId}`)).toBe(
        true,
      );
      expect(reports).toEqual([]);
    },
  );

  it('records a tool with its upstream exchange, and never a credential', async () => {
    const dir = tempDataDir();
    const { persistence, deps } = wired(dir);
    // A credential passed as an argument is redacted too.
    const leaked = await echo.call({ n: 1, text: `my key is ${API_KEY}` }, deps);
    const result = await getItem.call({ id: 'a1' }, deps, undefined, 'req-1');
    expect(result.isError).toBeFalsy();
    expect(leaked.isError).toBeFalsy();
    await persistence.close();
    const text = fs.readFileSync(path.join(dir, recordFileNames(dir)[0]), 'utf8');
    expect(text).not.toContain(API_KEY);
    expect(text).toContain('[redacted]');
    const record = linesOf(dir).records.find((r) => r.tool === 'get_item');
    expect(record).toMatchObject({
      requestId: 'req-1',
      args: { id: 'a1' },
      attempts: 1,
      outcome: 'ok',
      pid: process.pid,
    });
    expect(record?.upstream).toHaveLength(1);
    expect(record?.upstream[0]).toMatchObject({ method: 'GET', status: 200 });
    expect(new URL(record?.upstream[0].url ?? '').pathname).toBe('/items/a1');
    expect(JSON.parse(record?.upstream[0].responseBody ?? '')).toEqual(okBody);
    expect(Date.parse(record?.time ?? '')).toBeLessThanOrEqual(Date.now());
  });

  it('records a failed upstream attempt with its error, and the call outcome', async () => {
    const dir = tempDataDir();
    const { persistence, deps } = wired(dir, {}, 'http://127.0.0.1:9');
    const [result, logged] = await captureLog(() => getItem.call({ id: 'a1' }, deps));
    expect(result.isError).toBe(true);
    expect(logged).toEqual([expect.stringContaining('get_item failed: could not reach')]);
    await persistence.close();
    const [record] = linesOf(dir).records;
    expect(record.outcome).toBe('error');
    expect(record.attempts).toBe(1);
    expect(record.upstream[0].error).toMatch(/could not reach/);
  });

  it('cuts long bodies and results, noting the original length', async () => {
    const dir = tempDataDir();
    const { persistence, deps } = wired(dir, { RECORD_MAX_BODY_BYTES: '100' });
    await echo.call({ n: 1, text: 'y'.repeat(1000) }, deps);
    await persistence.close();
    const [record] = linesOf(dir).records;
    expect(record.result).toBe('y'.repeat(100));
    expect(record.resultLength).toBe(1000);
  });

  it('rotates by size without splitting a record, and keeps at most RECORD_KEEP_FILES files', async () => {
    const dir = tempDataDir();
    const { persistence, deps } = wired(dir, { RECORD_MAX_FILE_BYTES: '4096', RECORD_KEEP_FILES: '1000' });
    for (let n = 0; n < 200; n++) await echo.call({ n }, deps);
    await persistence.close();
    const names = recordFileNames(dir);
    expect(names.length).toBeGreaterThan(3);
    for (const name of names) expect(fs.statSync(path.join(dir, name)).size).toBeLessThanOrEqual(4096);
    const { records, tails } = linesOf(dir);
    expect(tails).toEqual([]);
    expect(records.map((r) => (r.args as { n: number }).n)).toEqual([...Array(200).keys()]);

    const kept = tempDataDir();
    const bounded = wired(kept, { RECORD_MAX_FILE_BYTES: '4096', RECORD_KEEP_FILES: '3' });
    for (let n = 0; n < 200; n++) await echo.call({ n }, bounded.deps);
    await bounded.persistence.close();
    expect(recordFileNames(kept)).toHaveLength(3);
    const newest = linesOf(kept).records.map((r) => (r.args as { n: number }).n);
    expect(newest.at(-1)).toBe(199);
    expect(newest).toEqual([...Array(newest.length).keys()].map((i) => 200 - newest.length + i));
  });

  it('a record larger than the rotation size gets a file of its own, whole', async () => {
    const dir = tempDataDir();
    const { persistence, deps } = wired(dir, { RECORD_MAX_FILE_BYTES: '4096', RECORD_MAX_BODY_BYTES: '100000' });
    await echo.call({ n: 1 }, deps);
    await echo.call({ n: 2, text: 'z'.repeat(10_000) }, deps);
    await echo.call({ n: 3 }, deps);
    await persistence.close();
    expect(recordFileNames(dir)).toHaveLength(3);
    expect(linesOf(dir).records.map((r) => (r.args as { n: number }).n)).toEqual([1, 2, 3]);
  });

  it('a folder that cannot be written: calls still succeed, the failure is reported once and counted', async () => {
    const blocker = path.join(tempDataDir(), 'a-file');
    fs.writeFileSync(blocker, '');
    const dirs = [path.join(blocker, 'records')]; // below a file: cannot be created, even by root
    if (process.getuid?.() !== 0) {
      const readOnly = tempDataDir();
      fs.chmodSync(readOnly, 0o555);
      dirs.push(readOnly);
    }
    for (const dir of dirs) {
      const { persistence, deps, reports } = wired(dir, { DURABILITY: 'always' });
      const results = await Promise.all(Array.from({ length: 20 }, (_, n) => echo.call({ n }, deps)));
      expect(results.every((r) => !r.isError && r.content[0].type === 'text')).toBe(true);
      await persistence.close();
      expect(reports).toHaveLength(1);
      expect(reports[0]).toContain(path.dirname(dir) === path.dirname(blocker) ? blocker : dir);
      expect(persistence.store.failed).toBe(20);
    }
  });

  it('moves a torn last line of a killed process aside at the next start, and reports it once', async () => {
    const dir = tempDataDir();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    const file = path.join(dir, `calls-20260101T000000000Z-p${dead}-000001.jsonl`);
    const whole = [
      '{"id":"a","time":"2026-01-01T00:00:00.000Z","tool":"t"}',
      '{"id":"b","time":"2026-01-01T00:00:01.000Z","tool":"t"}',
    ];
    fs.writeFileSync(file, `${whole.join('\n')}\n{"id":"c","tim`);
    const reports: string[] = [];
    const store = new JsonlStore({
      dataDir: dir,
      durability: 'batch',
      flushMs: 10,
      maxFileBytes: 1 << 20,
      keepFiles: 10,
      report: (m) => reports.push(m),
    });
    store.start();
    new JsonlStore({ ...store.options }).start(); // a second start finds nothing left to repair
    expect(fs.readFileSync(file, 'utf8')).toBe(`${whole.join('\n')}\n`);
    expect(fs.readFileSync(`${file}.torn`, 'utf8')).toBe('{"id":"c","tim');
    expect(reports).toHaveLength(1);
    expect(reports[0]).toContain(file);
    expect(linesOf(dir).records.map((r) => r.id)).toEqual(['a', 'b']);
  });
});

describe('history', () => {
  let persistence: Persistence;
  beforeAll(async () => {
    const dir = tempDataDir();
    const setup = wired(dir);
    persistence = setup.persistence;
    closeAll.push(persistence);
    for (let n = 0; n < 25; n++) {
      await echo.call({ n }, setup.deps);
      if (n % 5 === 4) await new Promise((r) => setTimeout(r, CLOCK_TICK_MS)); // distinct times for the `since` filter
    }
  });

  it('pages newest first with a cursor, over records still in the queue', async () => {
    const first = await persistence.source.page({ limit: 10 });
    expect(first.records.map((r) => (r.args as { n: number }).n)).toEqual([24, 23, 22, 21, 20, 19, 18, 17, 16, 15]);
    const second = await persistence.source.page({ limit: 10, cursor: first.nextCursor });
    const third = await persistence.source.page({ limit: 10, cursor: second.nextCursor });
    expect(third.records).toHaveLength(5);
    expect(third.nextCursor).toBeUndefined();
    const all = [...first.records, ...second.records, ...third.records].map((r) => r.id);
    expect(new Set(all).size).toBe(25);
  });

  it('filters by tool and since, and refuses a bad cursor', async () => {
    expect((await persistence.source.page({ limit: 100, tool: 'other' })).records).toEqual([]);
    const all = (await persistence.source.page({ limit: 100 })).records;
    const since = all[4].time;
    const recent = (await persistence.source.page({ limit: 100, since })).records;
    expect(recent.length).toBeGreaterThanOrEqual(5);
    expect(recent.every((r) => r.time >= since)).toBe(true);
    expect(recent.length).toBeLessThan(all.length);
    await expect(persistence.source.page({ limit: 5, cursor: 'nope' })).rejects.toThrow(/invalid cursor/);
  });
});
