// `npm run bench:reload` (or `npx tsx bench/reload.ts [--quick] [--keep] [--repo <installed server, edited>]`): how
// `npm run dev` reloads under a stream of calls, on a freshly generated server. Prints figures (stdout, markdown);
// asserts nothing on time. Progress goes to stderr.
//  - streams: 600 calls, one every 5 ms, to a tool whose handler takes 50 ms, across 3 edits of each kind
//    (in place: the tool's file; restart: a module outside src/tools/ it imports), and a syntax error saved
//    mid-stream then fixed. Counts: answered, lost (no answer), duplicated (answered twice), failed (an error
//    or an isError result: the tool is not marked read-only, so a call cut off by a restart is never re-run);
//  - latency, file saved → first answer from the new code (calls every 2 ms to a handler without delay),
//    median of 5 per path; the baseline is a restart without the pre-started spare server (MCP_DEV_PREWARM=0),
//    as `npm run dev` restarted before.
import { execFile, spawn, type ChildProcessByStdio } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { promisify } from 'node:util';
import nodePlop from 'node-plop';
import { FACTORY_ROOT } from '../engine/paths.js';
import { useLocalRuntime } from '../scripts/runtimeTarball.js';
import { keepOption, parseScript, quickOption, scriptCommand } from '../scripts/scriptCommand.js';
import { fmt, median, ratio } from './stats.js';

const values = parseScript<{ quick?: boolean; keep?: boolean; repo?: string }>(
  scriptCommand(
    'bench:reload',
    'Generates a `rest` server, adds a slow tool and drives `npm run dev` with calls while the tool is edited: ' +
      'calls lost or answered twice, latency around each reload (a markdown table on stdout).',
  )
    .addOption(quickOption())
    .addOption(keepOption())
    .option('--repo <dir>', 'measure this generated repo (installed) instead of generating one; it is kept'),
);
// Generated servers depend on this checkout's runtime, packed as a user gets it.
await useLocalRuntime();

// --quick is a smoke check that everything runs, not a figure to publish.
const N = values.quick ? { calls: 150, latency: 2 } : { calls: 600, latency: 5 };
const say = (text: string) => process.stderr.write(`${text}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The bench tool: answers `<version of src/benchVersion.ts>/<its own version>` after `delayMs`. */
function toolSource(local: string, delayMs: number, broken = false): string {
  return `import * as z from 'zod';
import { defineTool } from '@mcp-factory/runtime/tool';
import { VERSION } from '../benchVersion.js';

export const bench_echo = defineTool({
  name: 'bench_echo',
  description: 'Answers with the versions of its code (reload bench).',
  inputSchema: z.object({}),
  async run() {
    await new Promise((resolve) => setTimeout(resolve, ${delayMs}));
    return { content: [{ type: 'text', text: \`\${VERSION}/${local}\` }] };
  },
})${broken ? ' (' : ''};
`;
}

class Repo {
  constructor(readonly dir: string) {}
  private file = (...parts: string[]) => path.join(this.dir, 'src', ...parts);
  writeTool(local: string, delayMs: number, broken = false) {
    fs.writeFileSync(this.file('tools', 'bench_echo.ts'), toolSource(local, delayMs, broken));
  }
  writeVersion(version: string) {
    fs.writeFileSync(this.file('benchVersion.ts'), `export const VERSION = ${JSON.stringify(version)};\n`);
  }
  /** Adds bench_echo to src/primitives.ts at its markers, as `npx plop method` does. */
  register() {
    const index = this.file('primitives.ts');
    const source = fs.readFileSync(index, 'utf8');
    if (source.includes('bench_echo')) return;
    fs.writeFileSync(
      index,
      source
        .replace(
          '// mcp-factory:tool-imports',
          "import { bench_echo } from './tools/bench_echo.js';\n// mcp-factory:tool-imports",
        )
        .replace('// mcp-factory:tools', 'bench_echo,\n  // mcp-factory:tools'),
    );
  }
}

async function generate(parent: string): Promise<string> {
  const plop = await nodePlop(path.join(FACTORY_ROOT, 'plopfile.ts'), { destBasePath: parent, force: false });
  const { failures } = await plop
    .getGenerator('server')
    .runActions({ name: 'bench-reload', preset: 'rest', baseUrl: 'http://127.0.0.1:1' });
  if (failures.length > 0) throw new Error(`plop server failed: ${JSON.stringify(failures[0])}`);
  const repo = path.join(parent, 'bench-reload');
  say('… npm install');
  await promisify(execFile)('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], {
    cwd: repo,
    env: { ...process.env, NODE_OPTIONS: '' },
  }).catch((error: { stderr?: string }) => {
    // npm's own reason (its last error line), not only "Command failed".
    const reason = (error.stderr ?? '')
      .trim()
      .split('\n')
      .filter((line) => /ERR!|error/i.test(line))
      .slice(-3)
      .join(' | ');
    throw new Error(`npm install in ${repo} failed${reason ? `: ${reason}` : ''}`);
  });
  return repo;
}

interface Answer {
  text?: string;
  failed: boolean;
  at: number;
}

/** `npm run dev` as a client starts it (the runtime's mcp-factory-dev), spoken to in raw JSON-RPC. */
class Dev {
  readonly proc: ChildProcessByStdio<Writable, Readable, Readable>;
  readonly answers = new Map<number, Answer[]>(); // id → every answer it got (more than one: duplicated)
  private readonly waiters = new Map<number, (answer: Answer) => void>();
  readonly firstAnswer = new Map<string, number>(); // answer text → when it first arrived
  listChanged = 0;
  badLines = 0;
  stderr = '';
  private nextId = 1;

  constructor(repo: string, env: Record<string, string> = {}) {
    this.proc = spawn(process.execPath, ['node_modules/.bin/mcp-factory-dev'], {
      cwd: repo,
      env: { ...process.env, NODE_OPTIONS: '', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.proc.stderr.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    readline.createInterface({ input: this.proc.stdout }).on('line', (line) => this.onLine(line));
  }

  private onLine(line: string) {
    let message: { id?: number; method?: string; result?: any; error?: unknown };
    try {
      message = JSON.parse(line);
    } catch {
      this.badLines += 1;
      return;
    }
    if (message.method === 'notifications/tools/list_changed') this.listChanged += 1;
    if (message.method || typeof message.id !== 'number') return;
    const answer: Answer = {
      text: message.result?.content?.[0]?.text,
      failed: Boolean(message.error || message.result?.isError),
      at: performance.now(),
    };
    this.answers.set(message.id, [...(this.answers.get(message.id) ?? []), answer]);
    if (answer.text !== undefined && !this.firstAnswer.has(answer.text)) this.firstAnswer.set(answer.text, answer.at);
    this.waiters.get(message.id)?.(answer);
    this.waiters.delete(message.id);
  }

  request(method: string, params?: object): Promise<Answer> {
    const id = this.nextId++;
    this.proc.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
    return new Promise((resolve) => this.waiters.set(id, resolve));
  }

  call = () => this.request('tools/call', { name: 'bench_echo', arguments: {} });

  async start(): Promise<void> {
    await this.request('initialize', {
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: { name: 'reload-bench', version: '0' },
    });
    this.proc.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`);
    await this.call();
    await sleep(1500); // the spare server is started after the first one: let it load, as it would in use
  }

  async stop(): Promise<void> {
    const closed = new Promise((resolve) => this.proc.on('close', resolve));
    this.proc.stdin.end();
    await Promise.race([closed, sleep(5000)]);
    this.proc.kill('SIGKILL');
  }
}

interface StreamResult {
  answered: number;
  lost: number;
  duplicated: number;
  failed: number;
  versions: string;
  listChanged: number;
  badLines: number;
}

/** N.calls calls, one every 5 ms, running `edit(i)` before call i; then waits up to 15 s for the last answers. */
async function stream(dev: Dev, edit: (i: number) => void): Promise<StreamResult> {
  const first = dev.answers.size;
  const ids: number[] = [];
  const pending: Promise<Answer>[] = [];
  for (let i = 0; i < N.calls; i += 1) {
    edit(i);
    pending.push(dev.call());
    ids.push(first + i + 1);
    await sleep(5);
  }
  await Promise.race([Promise.all(pending), sleep(15_000)]);
  const got = ids.map((id) => dev.answers.get(id) ?? []);
  const seen = new Map<string, number>();
  for (const answers of got) if (answers[0]?.text) seen.set(answers[0].text, (seen.get(answers[0].text) ?? 0) + 1);
  return {
    answered: got.filter((a) => a.length > 0).length,
    lost: got.filter((a) => a.length === 0).length,
    duplicated: got.filter((a) => a.length > 1).length,
    failed: got.filter((a) => a.some((x) => x.failed)).length,
    versions: [...seen].map(([text, count]) => `${text} ×${count}`).join(', '),
    listChanged: dev.listChanged,
    badLines: dev.badLines,
  };
}

/** Saves an edit, then calls every 2 ms until an answer comes from the new code: ms from save to that answer. */
async function latency(dev: Dev, save: () => void, expected: string): Promise<number> {
  const saved = performance.now();
  save();
  for (const until = saved + 20_000; performance.now() < until; await sleep(2)) {
    const at = dev.firstAnswer.get(expected);
    if (at !== undefined) return at - saved;
    void dev.call();
  }
  return Number.NaN;
}

async function main(): Promise<void> {
  const began = performance.now();
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-factory-bench-reload-'));
  const dir = values.repo ?? (await generate(parent));
  const repo = new Repo(dir);
  repo.writeVersion('a0');
  repo.writeTool('t0', 50);
  repo.register();
  const streams: Array<[string, StreamResult]> = [];
  const latencies: Array<[string, number[]]> = [];
  let dev: Dev | undefined;
  try {
    const at = (twelfths: number) => Math.round((N.calls * twelfths) / 12); // 600 calls: 100, 250, 350, 400
    const edits = [at(2), at(5), at(8)];
    const scenarios: Array<[string, (i: number) => void]> = [
      [`3 tool edits (in place), at calls ${edits}`, (i) => edits.includes(i) && repo.writeTool(`t${i}`, 50)],
      [
        `3 edits outside src/tools/ (restart), at calls ${edits}`,
        (i) => edits.includes(i) && repo.writeVersion(`a${i}`),
      ],
      [
        `syntax error saved at call ${at(2)}, fixed at call ${at(7)}`,
        (i) => {
          if (i === at(2)) repo.writeTool('broken', 50, true);
          if (i === at(7)) repo.writeTool('fixed', 50);
        },
      ],
    ];
    for (const [label, edit] of scenarios) {
      say(`… stream: ${label}`);
      repo.writeVersion('a0');
      repo.writeTool('t0', 50);
      dev = new Dev(dir);
      await dev.start();
      streams.push([label, await stream(dev, edit)]);
      await dev.stop();
    }
    const paths: Array<[string, Record<string, string>, (n: number) => [() => void, string]]> = [
      ['in place (a tool file)', {}, (n) => [() => repo.writeTool(`fast${n}`, 0), `a0/fast${n}`]],
      ['restart, spare server (default)', {}, (n) => [() => repo.writeVersion(`spare${n}`), `spare${n}/t-lat`]],
      [
        'restart, no spare (MCP_DEV_PREWARM=0): baseline',
        { MCP_DEV_PREWARM: '0' },
        (n) => [() => repo.writeVersion(`cold${n}`), `cold${n}/t-lat`],
      ],
    ];
    for (const [label, env, edit] of paths) {
      say(`… latency: ${label} (${N.latency} edits)`);
      repo.writeVersion('a0');
      repo.writeTool(label.startsWith('in place') ? 'fast-start' : 't-lat', 0);
      dev = new Dev(dir, env);
      await dev.start();
      const samples: number[] = [];
      for (let n = 0; n < N.latency; n += 1) {
        const [save, expected] = edit(n);
        samples.push(await latency(dev, save, expected));
        await sleep(1500); // the old server drains and the next spare loads, as between two saves
      }
      latencies.push([label, samples]);
      await dev.stop();
    }
    dev = undefined;
    report(streams, latencies);
  } finally {
    await dev?.stop();
    if (values.keep || values.repo) say(`kept ${dir}`);
    else fs.rmSync(parent, { recursive: true, force: true });
    say(`run time ${((performance.now() - began) / 1000).toFixed(0)} s`);
  }
}

function report(streams: Array<[string, StreamResult]>, latencies: Array<[string, number[]]>): void {
  const cpu = /^model name\s*:\s*(.+)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1].trim() ?? 'unknown CPU';
  const baseline = median(latencies.at(-1)?.[1] ?? []);
  const out = [
    `Machine: ${cpu}, ${os.availableParallelism()} cores, Node ${process.version}${values.quick ? '; **quick run**' : ''}`,
    '',
    `Stream: ${N.calls} calls, one every 5 ms, handler 50 ms.`,
    '',
    '| edits during the stream | answered | lost | duplicated | failed | list_changed | answers by version |',
    '|---|---:|---:|---:|---:|---:|---|',
    ...streams.map(
      ([label, r]) =>
        `| ${label} | ${r.answered}/${N.calls} | ${r.lost} | ${r.duplicated} | ${r.failed} | ${r.listChanged} | ${r.versions} |`,
    ),
    '',
    `Reload latency: file saved → first answer from the new code (median of ${N.latency}).`,
    '',
    '| path | median | samples | ratio to baseline |',
    '|---|---:|---|---:|',
    ...latencies.map(
      ([label, samples]) =>
        `| ${label} | ${fmt(median(samples), 'ms')} | ${samples.map((s) => s.toFixed(0)).join(', ')} | ${ratio(median(samples), baseline)} |`,
    ),
    '',
  ];
  const bad = streams.reduce((sum, [, r]) => sum + r.badLines, 0);
  if (bad > 0) out.push(`- ${bad} stdout line(s) were not JSON (a real client would disconnect)`);
  process.stdout.write(`${out.join('\n')}\n`);
}

main().catch((error: unknown) => {
  say(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
