// The jsonl backend: one JSON object per line under the data dir, written by one ordered queue per
// process. Two processes never interleave because each writes its own file
// (`calls-<start time>-p<pid>-<n>.jsonl`); readers merge the files by time. A line is written with
// one loop of fs.writeSync calls from the queue, so concurrent calls never interleave bytes either.
// Hand-written rather than a logging library: none of them offers group commit with "the call waits
// for its fsync", torn-tail recovery and bounded rotation together, which is the whole point here.
import fs from 'node:fs';
import path from 'node:path';
import { messageOf } from '../errors.js';
import type { CallRecord, RecordSink } from './record.js';
import type { Durability } from './settings.js';

export interface JsonlOptions {
  dataDir: string;
  durability: Durability;
  flushMs: number;
  maxFileBytes: number;
  keepFiles: number;
  /** One line on stderr; each kind of problem is reported once per process. */
  report: (message: string) => void;
}

const FILE = /^calls-(\d{8}T\d{9}Z)-p(\d+)-(\d+)\.jsonl$/;
const stamp = (date = new Date()) => date.toISOString().replace(/[-:.]/g, '');

/** Whether the process that wrote a file still runs (its file may still grow). */
function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The record files in a folder, oldest first (names sort by creation time). */
/** The id of the process that writes a record file, from its name (one that recordFiles listed). */
export function writerPid(name: string): number {
  const match = FILE.exec(name);
  if (!match) throw new Error(`${name} is not a record file (calls-<time>-p<pid>-<sequence>.jsonl)`);
  return Number(match[2]);
}

export function recordFiles(dataDir: string): string[] {
  try {
    return fs
      .readdirSync(dataDir)
      .filter((name) => FILE.test(name))
      .sort();
  } catch {
    return [];
  }
}

/** Every complete line of every record file that parses, oldest file first. */
export function readRecords(dataDir: string): CallRecord[] {
  const records: CallRecord[] = [];
  for (const name of recordFiles(dataDir)) {
    let text: string;
    try {
      text = fs.readFileSync(path.join(dataDir, name), 'utf8');
    } catch {
      continue; // rotated away while we read
    }
    const end = text.lastIndexOf('\n');
    for (const line of text.slice(0, end + 1).split('\n')) {
      if (!line) continue;
      try {
        records.push(JSON.parse(line) as CallRecord);
      } catch {
        // a line that does not parse is skipped: the torn tail of a killed process is moved aside at start
      }
    }
  }
  return records;
}

/**
 * A file left by a process that died mid-write may end in a partial line. It is cut back to its last
 * complete line; the partial bytes go to `<file>.torn` (moved aside, never silently deleted).
 * Returns how many bytes were moved.
 */
export function repairTornTail(file: string): number {
  const fd = fs.openSync(file, 'r+');
  try {
    const size = fs.fstatSync(fd).size;
    if (size === 0) return 0;
    const chunk = Buffer.alloc(65536);
    let end = size;
    let keep = -1;
    while (end > 0 && keep < 0) {
      const start = Math.max(0, end - chunk.length);
      const read = fs.readSync(fd, chunk, 0, end - start, start);
      const at = chunk.subarray(0, read).lastIndexOf(10);
      if (end === size && at === read - 1) return 0; // ends with a newline: intact
      if (at >= 0) keep = start + at + 1;
      end = start;
    }
    keep = Math.max(keep, 0);
    const torn = Buffer.alloc(size - keep);
    fs.readSync(fd, torn, 0, torn.length, keep);
    fs.appendFileSync(`${file}.torn`, torn);
    fs.ftruncateSync(fd, keep);
    fs.fsyncSync(fd);
    return torn.length;
  } finally {
    fs.closeSync(fd);
  }
}

export class JsonlStore implements RecordSink {
  private fd: number | undefined;
  private file = '';
  private size = 0;
  private sequence = 0;
  private queue: string[] = [];
  private queued: Array<() => void> = [];
  private drainScheduled = false;
  /** `always`: callers whose lines are written and wait for the next fsync. */
  private awaitingSync: Array<() => void> = [];
  private syncing: Promise<void> | undefined;
  private batchTimer: NodeJS.Timeout | undefined;
  private readonly reported = new Set<string>();
  private started = false;
  /** Records written, and records lost to a failure (disk full, read-only folder): counted, never thrown. */
  written = 0;
  failed = 0;

  constructor(readonly options: JsonlOptions) {}

  /** Creates the folder and repairs files that processes killed mid-write left behind. Safe to call twice. */
  start(): void {
    if (this.started) return;
    this.started = true;
    try {
      fs.mkdirSync(this.options.dataDir, { recursive: true });
      for (const name of recordFiles(this.options.dataDir)) {
        const pid = writerPid(name);
        if (alive(pid)) continue;
        const file = path.join(this.options.dataDir, name);
        const moved = repairTornTail(file);
        if (moved > 0) {
          this.reportOnce(
            'torn',
            `persistence: ${file} ended in a partial record (${moved} bytes, its process was killed mid-write): moved to ${file}.torn`,
          );
        }
      }
    } catch (error) {
      this.failure(error, this.options.dataDir);
    }
  }

  /** Queues a record; with `always` the promise settles once it is fsynced (or the write failed). */
  append(_record: CallRecord, line: string): Promise<void> | undefined {
    return this.appendLine(line);
  }

  /** A line already serialized (the postgres backend's spill). */
  appendLine(line: string): Promise<void> | undefined {
    this.queue.push(line);
    this.scheduleDrain();
    if (this.options.durability !== 'always') return undefined;
    return new Promise((resolve) => this.queued.push(resolve));
  }

  /** Writes what is queued now (and fsyncs it, except with durability none). */
  async flush(): Promise<void> {
    this.drain();
    if (this.options.durability !== 'none') await this.sync();
    await this.syncing;
  }

  async close(): Promise<void> {
    await this.flush();
    clearTimeout(this.batchTimer);
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }

  private scheduleDrain(): void {
    if (this.drainScheduled) return;
    this.drainScheduled = true;
    // One write for everything queued in this turn of the event loop (calls finishing together).
    setImmediate(() => this.drain());
  }

  private drain(): void {
    this.drainScheduled = false;
    if (this.queue.length === 0) return;
    const lines = this.queue;
    const waiting = this.queued;
    this.queue = [];
    this.queued = [];
    const ok = this.write(lines);
    if (!ok || this.options.durability !== 'always') {
      for (const resolve of waiting) resolve();
      if (ok && this.options.durability === 'batch') this.scheduleBatchSync();
      return;
    }
    this.awaitingSync.push(...waiting);
    void this.sync();
  }

  /** Group commit: one fsync covers every line written before it started. */
  private sync(): Promise<void> {
    if (this.syncing) return this.syncing.then(() => (this.awaitingSync.length ? this.sync() : undefined));
    if (this.fd === undefined) {
      for (const resolve of this.awaitingSync.splice(0)) resolve();
      return Promise.resolve();
    }
    const fd = this.fd;
    const covered = this.awaitingSync.splice(0);
    this.syncing = new Promise<void>((resolve) => {
      fs.fsync(fd, (error) => {
        // EBADF after a rotation closed this fd: rotate() fsynced the file before closing it.
        if (error && !(error.code === 'EBADF' && fd !== this.fd)) this.failure(error, this.file, covered.length);
        this.syncing = undefined;
        for (const done of covered) done();
        resolve();
        if (this.awaitingSync.length) void this.sync();
      });
    });
    return this.syncing;
  }

  private scheduleBatchSync(): void {
    if (this.batchTimer) return;
    this.batchTimer = setTimeout(() => {
      this.batchTimer = undefined;
      void this.sync();
    }, this.options.flushMs);
    this.batchTimer.unref();
  }

  /** Appends whole lines, rotating first when a line would take the file past maxFileBytes. */
  private write(lines: string[]): boolean {
    try {
      this.start();
      let chunk = '';
      let chunkBytes = 0;
      for (const line of lines) {
        const bytes = Buffer.byteLength(line);
        if (
          this.fd === undefined ||
          (this.size + chunkBytes > 0 && this.size + chunkBytes + bytes > this.options.maxFileBytes)
        ) {
          if (chunk) this.writeAll(chunk);
          chunk = '';
          chunkBytes = 0;
          this.rotate();
        }
        chunk += line;
        chunkBytes += bytes;
      }
      if (chunk) this.writeAll(chunk);
      this.written += lines.length;
      return true;
    } catch (error) {
      this.failure(error, this.file || this.options.dataDir, lines.length);
      return false;
    }
  }

  /** A short write is continued; a failed one is cut back to the last whole line, so no partial line stays. */
  private writeAll(text: string): void {
    const fd = this.fd;
    if (fd === undefined) throw new Error(`no record file is open in ${this.options.dataDir}`); // write() rotates first
    const buffer = Buffer.from(text);
    let offset = 0;
    try {
      while (offset < buffer.length) offset += fs.writeSync(fd, buffer, offset);
    } catch (error) {
      if (offset > 0) fs.ftruncateSync(fd, this.size);
      throw error;
    }
    this.size += buffer.length;
  }

  /** Closes the current file (fsynced unless durability is none), opens the next and prunes old ones. */
  private rotate(): void {
    if (this.fd !== undefined) {
      if (this.options.durability !== 'none') fs.fsyncSync(this.fd);
      fs.closeSync(this.fd);
      this.fd = undefined;
    }
    this.sequence += 1;
    const name = `calls-${stamp()}-p${process.pid}-${String(this.sequence).padStart(6, '0')}.jsonl`;
    this.file = path.join(this.options.dataDir, name);
    this.fd = fs.openSync(this.file, 'a');
    this.size = 0;
    this.prune();
  }

  /** Keeps at most keepFiles files, deleting the oldest ones no live process still writes. */
  private prune(): void {
    const files = recordFiles(this.options.dataDir);
    let excess = files.length - this.options.keepFiles;
    for (const name of files) {
      if (excess <= 0) break;
      const file = path.join(this.options.dataDir, name);
      const pid = writerPid(name);
      if (file === this.file || (pid !== process.pid && alive(pid))) continue;
      try {
        fs.unlinkSync(file);
        excess -= 1;
      } catch {
        // another process pruned it first
      }
    }
  }

  private failure(error: unknown, where: string, lost = 0): void {
    this.failed += lost;
    const code = (error as NodeJS.ErrnoException).code ?? messageOf(error);
    this.reportOnce(
      `fail:${code}`,
      `persistence: cannot write records to ${where} (${code}); tool calls go on without a record (lost records are counted)`,
    );
  }

  private reportOnce(key: string, message: string): void {
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.options.report(message);
  }
}
