// `npm run bench:http`: HTTP mode under load. A generated server (`--http`, stateless) and a bare
// SDK server (createMcpHandler + the Node adapter, one equivalent ping tool) call the same fake
// upstream; autocannon (installed with the bare server in the temp folder, not a factory
// dependency) sends tools/call POSTs over 32 connections. Printed: req/s, latency p50/p99, the
// server's CPU time per request, RSS idle and after the load, errors; three alternating rounds each,
// the median of each figure. Both servers share 2 cores with autocannon and the upstream (and on a
// shared machine with other jobs), so req/s moves with the load; CPU time per request (user + system,
// read from /proc) is what a request costs the server itself, and moves much less.
import { spawn, type ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { BARE_PING_TOOL } from './bareTool.js';
import { buildGenerated } from './servers.js';
import { fmt, median, ratio } from './stats.js';
import { startFakeUpstream } from './upstream.js';
import { parseQuickKeep } from '../scripts/scriptCommand.js';

const options = parseQuickKeep(
  'bench:http',
  'HTTP mode under load: a generated server (--http, stateless) and a bare SDK server answer tools/call POSTs ' +
    'from autocannon over 32 connections, alternating rounds; req/s, latency, CPU per request, memory, errors.',
  'shorter and fewer rounds',
);
const { quick } = options;
const DURATION_S = quick ? 3 : 10;
const CONNECTIONS = 32;
const ROUNDS = quick ? 1 : 3;
const say = (text: string) => process.stderr.write(`${text}\n`);

const BARE_HTTP_SERVER = `// Bare MCP server over Streamable HTTP: the official SDK and its Node adapter, nothing else.
import http from 'node:http';
import { McpServer, createMcpHandler } from '@modelcontextprotocol/server';
import { toNodeHandler } from '@modelcontextprotocol/node';
import * as z from 'zod';
${BARE_PING_TOOL}
const handler = createMcpHandler(() => {
  const server = new McpServer({ name: 'bare', version: '0.0.0' }, { capabilities: { tools: {} } });
  registerPing(server);
  return server;
});
const serve = toNodeHandler(handler);
const server = http.createServer((req, res) => void serve(req, res));
server.listen(0, '127.0.0.1', () => console.error('listening on 127.0.0.1:' + server.address().port + '/mcp'));
`;

interface Target {
  label: 'generated' | 'bare';
  args: string[];
  env: Record<string, string>;
}

interface Round {
  rps: number;
  p50: number;
  p99: number;
  rssIdleMb: number;
  rssAfterMb: number;
  /** Server CPU time (user + system) during the measured load, per request answered. */
  cpuMsPerRequest: number;
  errors: number;
  non2xx: number;
  requests: number;
}

type Autocannon = (options: object) => Promise<{
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}>;

/**
 * autocannon runs in a process of its own (plain node, beside the bare server): loaded into this process through
 * tsx's loader, it blocked the bench for good (its CommonJS requires wait on the loader thread), and in its own
 * process it does not share this event loop with the timing of the servers.
 */
const AUTOCANNON_RUNNER = `import autocannon from 'autocannon';
const result = await autocannon(JSON.parse(process.argv[2]));
process.stdout.write(JSON.stringify(result));
`;

async function buildBareHttp(parent: string): Promise<{ dir: string; autocannon: Autocannon }> {
  const dir = path.join(parent, 'bench-bare-http');
  fs.mkdirSync(dir);
  const pkg = {
    name: 'bench-bare-http',
    private: true,
    type: 'module',
    dependencies: {
      '@modelcontextprotocol/server': '^2.4.0',
      '@modelcontextprotocol/node': '^2.1.2',
      zod: '^4.2.0',
      autocannon: '^8.0.0',
    },
  };
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
  fs.writeFileSync(path.join(dir, 'server.mjs'), BARE_HTTP_SERVER);
  fs.writeFileSync(path.join(dir, 'autocannon.mjs'), AUTOCANNON_RUNNER);
  await promisify(execFile)('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], {
    cwd: dir,
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  const autocannon: Autocannon = async (options) => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [path.join(dir, 'autocannon.mjs'), JSON.stringify(options)],
      {
        cwd: dir,
        env: { ...process.env, NODE_OPTIONS: '' },
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    return JSON.parse(stdout) as Awaited<ReturnType<Autocannon>>;
  };
  return { dir, autocannon };
}

// The kernel's USER_HZ: 100 on every Linux build Node supports.
const CLOCK_TICKS = 100;

/** User + system CPU time of a process so far, in ms (/proc/<pid>/stat fields 14 and 15, in clock ticks). */
function cpuMs(child: ChildProcess): number {
  const fields = fs.readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}
function rssMb(child: ChildProcess): number {
  const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function start(entry: string, target: Target): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [entry, ...target.args], {
    env: { ...process.env, NODE_OPTIONS: '', ...target.env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${target.label} did not start: ${stderr}`)), 15_000);
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const port = /listening on [^ ]+:(\d+)\//.exec(stderr)?.[1];
      if (port) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${port}/mcp`);
      }
    });
  });
  return { child, url };
}

async function round(autocannon: Autocannon, entry: string, target: Target): Promise<Round> {
  const { child, url } = await start(entry, target);
  try {
    const request = {
      url,
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-protocol-version': '2025-06-18',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'ping', arguments: {} } }),
    };
    await autocannon({ ...request, connections: 4, duration: 1 }); // warm-up
    const rssIdleMb = rssMb(child);
    const cpuBefore = cpuMs(child);
    const result = await autocannon({ ...request, connections: CONNECTIONS, duration: DURATION_S });
    const cpuMsPerRequest = (cpuMs(child) - cpuBefore) / Math.max(1, result.requests.total);
    return {
      rps: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      rssIdleMb,
      rssAfterMb: rssMb(child),
      cpuMsPerRequest,
      errors: result.errors + result.timeouts,
      non2xx: result.non2xx,
      requests: result.requests.total,
    };
  } finally {
    child.kill('SIGKILL');
  }
}

const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-factory-bench-http-'));
const upstream = await startFakeUpstream();
try {
  say(`… building both servers in ${parent}`);
  const [generated, bare] = await Promise.all([buildGenerated(parent, say), buildBareHttp(parent)]);
  const targets: Array<[Target, string]> = [
    [
      { label: 'generated', args: ['--http', '--port', '0'], env: { [generated.baseUrlVar]: upstream.url } },
      generated.entry,
    ],
    [{ label: 'bare', args: [], env: { BARE_BASE_URL: upstream.url } }, path.join(bare.dir, 'server.mjs')],
  ];
  const rounds: Record<string, Round[]> = { generated: [], bare: [] };
  for (let i = 0; i < ROUNDS; i++) {
    for (const [target, entry] of targets) {
      say(`… ${target.label}: ${DURATION_S} s at ${CONNECTIONS} connections (round ${i + 1}/${ROUNDS})`);
      rounds[target.label].push(await round(bare.autocannon, entry, target));
    }
  }
  /** The median of one figure over a server's rounds. */
  const med = (label: string, figure: (r: Round) => number) => median(rounds[label].map(figure));
  const summary = (label: string) => ({
    rps: med(label, (r) => r.rps),
    p50: med(label, (r) => r.p50),
    p99: med(label, (r) => r.p99),
    cpuMsPerRequest: med(label, (r) => r.cpuMsPerRequest),
    rssIdleMb: med(label, (r) => r.rssIdleMb),
    rssAfterMb: med(label, (r) => r.rssAfterMb),
    requests: rounds[label].reduce((sum, r) => sum + r.requests, 0),
    errors: rounds[label].reduce((sum, r) => sum + r.errors, 0),
    non2xx: rounds[label].reduce((sum, r) => sum + r.non2xx, 0),
  });
  const g = summary('generated');
  const b = summary('bare');
  const rows: Array<[string, string, string, string]> = [
    ['throughput (tools/call, req/s)', fmt(g.rps), fmt(b.rps), ratio(g.rps, b.rps)],
    ['latency p50 (ms)', fmt(g.p50), fmt(b.p50), ratio(g.p50, b.p50)],
    ['latency p99 (ms)', fmt(g.p99), fmt(b.p99), ratio(g.p99, b.p99)],
    [
      'server CPU per request (ms)',
      fmt(g.cpuMsPerRequest),
      fmt(b.cpuMsPerRequest),
      ratio(g.cpuMsPerRequest, b.cpuMsPerRequest),
    ],
    ['RSS idle (MB)', fmt(g.rssIdleMb), fmt(b.rssIdleMb), ratio(g.rssIdleMb, b.rssIdleMb)],
    ['RSS after the load (MB)', fmt(g.rssAfterMb), fmt(b.rssAfterMb), ratio(g.rssAfterMb, b.rssAfterMb)],
    [
      'requests / errors / non-2xx (all rounds)',
      `${g.requests} / ${g.errors} / ${g.non2xx}`,
      `${b.requests} / ${b.errors} / ${b.non2xx}`,
      '',
    ],
  ];
  console.log(
    `\nHTTP mode, stateless, ${CONNECTIONS} connections, ${DURATION_S} s, median of ${ROUNDS} alternating rounds (${os.cpus().length} cores, Node ${process.versions.node}); upstream calls answered: ${upstream.count()}\n`,
  );
  console.log('| metric | generated | bare SDK | ratio |\n|---|---:|---:|---:|');
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
  const perRound = (label: string) => rounds[label].map((r) => fmt(r.rps)).join(', ');
  console.log(`\nreq/s per round: generated ${perRound('generated')}; bare ${perRound('bare')}`);
  console.log(`\nGoals: throughput ≥ 1.0× bare (${ratio(g.rps, b.rps)}), p99 ≤ 1.2× bare (${ratio(g.p99, b.p99)}).`);
} finally {
  await upstream.close();
  if (!options.keep) fs.rmSync(parent, { recursive: true, force: true });
}
