// The postgres backend, for fleets: every server process inserts into one table (migrations.ts),
// in batches from the same ordered queue as jsonl. When the database cannot be reached, calls go on:
// records wait in a bounded in-memory queue, then in a local jsonl spill (fsynced before the answer
// with durability `always`), and are inserted when the database is back. Inserts are idempotent on
// the record id (ON CONFLICT DO NOTHING) and a spill file is deleted only after its rows committed,
// so each record lands exactly once even if the process dies in between.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { messageOf } from '../errors.js';
import {
  decodeCursor,
  encodeCursor,
  summary,
  type HistoryPage,
  type HistoryQuery,
  type RecordSource,
} from './history.js';
import { JsonlStore, recordFiles, repairTornTail, writerPid } from './jsonlStore.js';
import { migrate } from './migrations.js';
import type { CallRecord, RecordSink } from './record.js';
import type { Durability } from './settings.js';

export interface PostgresOptions {
  databaseUrl: string;
  durability: Durability;
  /** Records kept in memory while the database is unreachable; the rest go to the spill. */
  maxQueue: number;
  batchSize: number;
  /** Folder of the spill files (jsonl, one per process). */
  spillDir: string;
  /** How often an unreachable database is tried again, in ms. */
  retryMs: number;
  report: (message: string) => void;
}

interface Pending {
  line: string;
  /** `always`: settles the call's wait once the record is committed or spilled. */
  done?: () => void;
}

/** SQLSTATE classes that mean the rows themselves are refused (retrying cannot help). */
const REFUSED_ROWS = /^(22|23)/;

/** Postgres jsonb cannot hold U+0000: it becomes U+FFFD (the record is otherwise unchanged). */
const storable = (line: string) => line.trimEnd().replace(/(?<=(?:^|[^\\])(?:\\\\)*)\\u0000/g, '\\ufffd');

export class PostgresStore implements RecordSink, RecordSource {
  private readonly pool: pg.Pool;
  private readonly spill: JsonlStore;
  private queue: Pending[] = [];
  private flushing: Promise<void> | undefined;
  private flushScheduled = false;
  private ready: Promise<void> | undefined;
  private down = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly reported = new Set<string>();
  /** Rows committed, records refused by the database, records written to the spill. */
  written = 0;
  failed = 0;
  spilled = 0;

  constructor(readonly options: PostgresOptions) {
    this.pool = new pg.Pool({ connectionString: options.databaseUrl, max: 2, connectionTimeoutMillis: 3000 });
    // An idle connection the server drops (restart, failover) must not crash the process.
    this.pool.on('error', () => undefined);
    this.spill = new JsonlStore({
      dataDir: options.spillDir,
      durability: options.durability === 'always' ? 'always' : 'batch',
      flushMs: 200,
      maxFileBytes: 64 * 1024 * 1024,
      keepFiles: 1_000_000, // a spill is never pruned: its records are still owed to the database
      report: options.report,
    });
  }

  /** Where the database is, for messages (never its password). */
  get where(): string {
    try {
      const url = new URL(this.options.databaseUrl);
      return `${url.hostname}:${url.port || 5432}${url.pathname}`;
    } catch {
      return 'the database';
    }
  }

  /** Migrates, then moves what earlier processes left in the spill. */
  start(): Promise<void> {
    this.ready ??= migrate(this.pool).then(() => this.drainSpill());
    return this.ready;
  }

  append(_record: CallRecord, line: string): Promise<void> | undefined {
    if (this.down && (this.options.durability === 'always' || this.queue.length >= this.options.maxQueue)) {
      return this.toSpill([{ line }]);
    }
    const pending: Pending = { line };
    this.queue.push(pending);
    this.scheduleFlush();
    if (this.options.durability !== 'always') return undefined;
    return new Promise((resolve) => (pending.done = resolve));
  }

  /** Resolves once the queue is in the database, or the database is found down. */
  async flush(): Promise<void> {
    while (this.queue.length > 0 && !this.down) await this.runFlush();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    await this.flush().catch(() => undefined);
    // Whatever the database did not take is owed to it: keep it in the spill for the next start.
    if (this.queue.length > 0) await this.toSpill(this.queue.splice(0));
    await this.spill.close();
    await this.pool.end().catch(() => undefined);
  }

  async page(query: HistoryQuery): Promise<HistoryPage> {
    await this.flush();
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.tool !== undefined) where.push(`tool = $${params.push(query.tool)}`);
    if (query.since !== undefined) where.push(`time >= $${params.push(new Date(query.since).toISOString())}`);
    if (after) where.push(`(time, id) < ($${params.push(after[0])}, $${params.push(after[1])})`);
    const { rows } = await this.pool.query<{ record: CallRecord }>(
      `SELECT record FROM mcp_tool_calls ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY time DESC, id DESC LIMIT $${params.push(query.limit + 1)}`,
      params,
    );
    const page = rows.slice(0, query.limit).map((r) => r.record);
    return {
      records: page.map(summary),
      ...(rows.length > query.limit ? { nextCursor: encodeCursor(page[page.length - 1]) } : {}),
    };
  }

  async get(id: string): Promise<CallRecord | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
    await this.flush();
    const { rows } = await this.pool.query<{ record: CallRecord }>('SELECT record FROM mcp_tool_calls WHERE id = $1', [
      id,
    ]);
    return rows[0]?.record;
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.down) return;
    this.flushScheduled = true;
    // One batch for everything queued in this turn of the event loop (calls finishing together).
    setImmediate(() => {
      this.flushScheduled = false;
      void this.runFlush();
    });
  }

  /** One flush at a time: batches of batchSize rows, in queue order. */
  private runFlush(): Promise<void> {
    this.flushing ??= this.flushQueue();
    return this.flushing;
  }

  private async flushQueue(): Promise<void> {
    try {
      while (this.queue.length > 0 && !this.down) {
        const batch = this.queue.slice(0, this.options.batchSize);
        try {
          await this.start();
          await this.insert(batch.map((p) => p.line));
          this.queue.splice(0, batch.length);
          this.written += batch.length;
          for (const p of batch) p.done?.();
        } catch (error) {
          const code = String((error as { code?: string }).code ?? '');
          if (REFUSED_ROWS.test(code)) {
            this.queue.splice(0, batch.length);
            this.failed += batch.length;
            for (const p of batch) p.done?.();
            this.reportOnce(
              `refused:${code}`,
              `persistence: ${this.where} refused ${batch.length} record(s) (${messageOf(error)}); counted, calls go on`,
            );
            continue;
          }
          this.ready = undefined; // migrate again once it is back (it may be a new, empty database)
          await this.outage(error);
        }
      }
    } finally {
      this.flushing = undefined;
    }
  }

  private async insert(lines: string[]): Promise<void> {
    await this.pool.query(
      `INSERT INTO mcp_tool_calls (id, time, tool, outcome, record)
       SELECT (r->>'id')::uuid, (r->>'time')::timestamptz, r->>'tool', r->>'outcome', r
       FROM jsonb_array_elements($1::jsonb) AS r
       ON CONFLICT (id) DO NOTHING`,
      [`[${lines.map(storable).join(',')}]`],
    );
  }

  /** The database is unreachable: say so once, keep what fits in memory, spill the rest, try again later. */
  private async outage(error: unknown): Promise<void> {
    if (!this.down) {
      this.down = true;
      const code = (error as { code?: string }).code ?? messageOf(error);
      this.reportOnce(
        'down',
        `persistence: cannot reach ${this.where} (${code}); records wait in memory (up to ${this.options.maxQueue}), then in ${this.options.spillDir}, and are moved when it is back; calls go on`,
      );
    }
    const mustSpill =
      this.options.durability === 'always'
        ? this.queue.splice(0) // an answer waits for its record: it must reach the disk now
        : this.queue.splice(0, Math.max(0, this.queue.length - this.options.maxQueue));
    if (mustSpill.length > 0) await this.toSpill(mustSpill);
    if (!this.closed) this.retryLater();
  }

  private retryLater(): void {
    if (this.retryTimer) return;
    this.retryTimer = setTimeout(async () => {
      this.retryTimer = undefined;
      try {
        await this.pool.query('SELECT 1');
      } catch {
        if (!this.closed) this.retryLater();
        return;
      }
      const waiting = this.queue.length;
      this.down = false;
      this.reported.delete('down'); // a later outage is reported again, once
      this.options.report(
        `persistence: ${this.where} is back; moving ${waiting} queued and ${this.spilled} spilled record(s) into it`,
      );
      try {
        await this.start();
        await this.flush();
      } catch (error) {
        await this.outage(error);
      }
    }, this.options.retryMs);
    this.retryTimer.unref();
  }

  private async toSpill(items: Pending[]): Promise<void> {
    this.spilled += items.length;
    await Promise.all(items.map((p) => this.spill.appendLine(`${p.line.trimEnd()}\n`)));
    await this.spill.flush(); // with always, fsynced before the calls are answered
    for (const p of items) p.done?.();
  }

  /** Inserts every spill file no live process still writes, then deletes it (after the commit). */
  private async drainSpill(): Promise<void> {
    if (!fs.existsSync(this.options.spillDir)) return;
    await this.spill.close(); // our own current spill file is complete and closed; a new one starts if needed
    for (const name of recordFiles(this.options.spillDir)) {
      const pid = writerPid(name);
      if (pid !== process.pid && alive(pid)) continue;
      const file = path.join(this.options.spillDir, name);
      if (pid !== process.pid) repairTornTail(file);
      const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
      for (let i = 0; i < lines.length; i += this.options.batchSize) {
        await this.insert(lines.slice(i, i + this.options.batchSize));
      }
      fs.unlinkSync(file);
      this.spilled = Math.max(0, this.spilled - lines.length);
    }
  }

  private reportOnce(key: string, message: string): void {
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.options.report(message);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
