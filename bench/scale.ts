// `npm run bench:scale`: three replicas of a generated server (HTTP mode, stateless) behind HAProxy
// (the Debian package, installed with apt-get when missing), under a steady load of tools/call
// POSTs; mid-run one replica is killed with SIGKILL and another stopped with SIGTERM (it drains).
// Printed: requests sent, answered and failed, overall and around each stop. HAProxy health-checks
// /readyz and retries only what never reached a server or got our drain's 503 (never a request a
// server may have acted on), so failures at the SIGKILL are the calls in flight on that replica.
// Every address is 127.0.0.1; the run is bounded in time.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { buildGenerated } from './servers.js';
import { startFakeUpstream } from './upstream.js';
import { parseQuickKeep } from '../scripts/scriptCommand.js';

const options = parseQuickKeep(
  'bench:scale',
  'Three replicas of a generated server (HTTP mode, stateless) behind HAProxy under a steady load; one is ' +
    'killed (SIGKILL) and one stopped (SIGTERM) mid-run: requests sent, answered and failed around each stop.',
  'shorter and fewer rounds',
);
const DURATION_MS = options.quick ? 9_000 : 24_000;
const WORKERS = 16;
const KILL_AT = DURATION_MS / 3;
const TERM_AT = (2 * DURATION_MS) / 3;
const WINDOW_MS = 3_000; // "around a stop": from 1 s before the signal (calls then in flight) to 2 s after
const say = (text: string) => process.stderr.write(`${text}\n`);

function haproxyBinary(): string {
  const find = () => {
    try {
      return execFileSync('sh', ['-c', 'command -v haproxy'], { encoding: 'utf8' }).trim();
    } catch {
      return '';
    }
  };
  let bin = find();
  if (!bin) {
    say('… haproxy is not installed: installing the Debian package (apt-get install -y haproxy)');
    execFileSync('apt-get', ['install', '-y', '-q', 'haproxy'], { stdio: ['ignore', 'ignore', 'inherit'] });
    bin = find();
    if (!bin) throw new Error('haproxy is still missing after apt-get install');
  }
  return bin;
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

function startReplica(entry: string, port: number, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [entry, '--http', '--port', String(port)], {
    env: { ...process.env, NODE_OPTIONS: '', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`replica on ${port} did not start: ${stderr}`)), 15_000);
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('listening on')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
  });
}

function haproxyConfig(front: number, backends: number[]): string {
  return [
    'global',
    '  maxconn 1024',
    'defaults',
    '  mode http',
    '  timeout connect 1s',
    '  timeout client 30s',
    '  timeout server 30s',
    // A busy replica answers its health check late; only a refused or failing one is taken out.
    '  timeout check 3s',
    '  option redispatch',
    '  retries 3',
    // Safe to replay: the request never reached a server, or a draining server refused it unread.
    '  retry-on conn-failure 503',
    'frontend mcp',
    `  bind 127.0.0.1:${front}`,
    '  default_backend replicas',
    'backend replicas',
    '  balance roundrobin',
    '  option httpchk GET /readyz',
    '  http-check expect status 200',
    ...backends.map((port, i) => `  server r${i + 1} 127.0.0.1:${port} check inter 500ms fall 2 rise 2`),
    '',
  ].join('\n');
}

/** A failure carries `why`: the HTTP status or the error, to show what failed. */
type Outcome = { at: number; ok: true } | { at: number; ok: false; why: string };

async function load(url: string, until: number, began: number): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'ping', arguments: {} } });
  const headers = {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'mcp-protocol-version': '2025-06-18',
  };
  async function worker() {
    while (Date.now() < until) {
      const at = Date.now() - began;
      try {
        const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(10_000) });
        const text = await response.text();
        const ok = response.status === 200 && text.includes('"result"') && !text.includes('"isError":true');
        outcomes.push(ok ? { at, ok } : { at, ok, why: `HTTP ${response.status} ${text.slice(0, 100)}` });
      } catch (error) {
        const e = error as Error & { cause?: { code?: string; message?: string } };
        outcomes.push({ at, ok: false, why: `${e.message}${e.cause ? ` (${e.cause.code ?? e.cause.message})` : ''}` });
      }
    }
  }
  await Promise.all(Array.from({ length: WORKERS }, worker));
  return outcomes;
}

const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-factory-bench-scale-'));
const upstream = await startFakeUpstream();
const children: ChildProcess[] = [];
try {
  const haproxy = haproxyBinary();
  say(`… building the server in ${parent}`);
  const generated = await buildGenerated(parent, say);
  const ports = await Promise.all([freePort(), freePort(), freePort()]);
  const front = await freePort();
  const env = {
    [generated.baseUrlVar]: upstream.url,
    [`${generated.baseUrlVar.replace(/_BASE_URL$/, '')}_HTTP_DRAIN_MS`]: '5000',
  };
  const replicas = await Promise.all(ports.map((port) => startReplica(generated.entry, port, env)));
  children.push(...replicas);
  const config = path.join(parent, 'haproxy.cfg');
  fs.writeFileSync(config, haproxyConfig(front, ports));
  const lb = spawn(haproxy, ['-f', config, '-db'], { stdio: ['ignore', 'ignore', 'ignore'] });
  children.push(lb);
  await new Promise((resolve) => setTimeout(resolve, 1500)); // first health checks
  say(
    `… ${DURATION_MS / 1000} s of load (${WORKERS} workers); SIGKILL r1 at ${KILL_AT / 1000} s, SIGTERM r2 at ${TERM_AT / 1000} s`,
  );
  const began = Date.now();
  const killTimer = setTimeout(() => replicas[0].kill('SIGKILL'), KILL_AT);
  let termExit: Promise<number | null> = Promise.resolve(null);
  const termTimer = setTimeout(() => {
    termExit = new Promise((resolve) => replicas[1].once('exit', resolve));
    replicas[1].kill('SIGTERM');
  }, TERM_AT);
  const outcomes = await load(`http://127.0.0.1:${front}/mcp`, began + DURATION_MS, began);
  clearTimeout(killTimer);
  clearTimeout(termTimer);
  const exitCode = await termExit;
  const within = (signalAt: number) =>
    outcomes.filter((o) => o.at >= signalAt - 1000 && o.at < signalAt - 1000 + WINDOW_MS);
  const count = (list: Outcome[]) => [list.length, list.filter((o) => o.ok).length, list.filter((o) => !o.ok).length];
  const rows: Array<[string, number[]]> = [
    ['whole run', count(outcomes)],
    ['SIGKILL of r1 (sent 1 s before to 2 s after)', count(within(KILL_AT))],
    ['SIGTERM of r2 (sent 1 s before to 2 s after)', count(within(TERM_AT))],
  ];
  console.log(
    `\n3 replicas behind HAProxy, stateless HTTP mode, ${WORKERS} workers, ${DURATION_MS / 1000} s (${os.cpus().length} cores)\n`,
  );
  console.log('| window | sent | answered | failed |\n|---|---:|---:|---:|');
  for (const [label, [sent, ok, failed]] of rows) console.log(`| ${label} | ${sent} | ${ok} | ${failed} |`);
  const reasons = new Map<string, number[]>();
  for (const o of outcomes) if (!o.ok) reasons.set(o.why, [...(reasons.get(o.why) ?? []), o.at]);
  for (const [why, at] of reasons)
    console.log(
      `- failed ${at.length}×: ${why} (sent at ${[...new Set(at.map((t) => (t / 1000).toFixed(1)))].join(', ')} s)`,
    );
  console.log(
    `\nr2 exit code after SIGTERM: ${exitCode}. Goals: 0 failed through the SIGTERM; failures at the SIGKILL bounded by the calls in flight on r1 (at most ${WORKERS}).`,
  );
} finally {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await upstream.close();
  if (!options.keep) fs.rmSync(parent, { recursive: true, force: true });
}
