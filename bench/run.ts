// `npm run bench` (or `npx tsx bench/run.ts [--quick] [--keep]`): builds a generated server and a bare
// SDK server, measures both the same way and prints a markdown table (stdout) ready for the README.
// Progress goes to stderr so stdout stays pasteable.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { burst, coldStarts, RpcChild, sequentialCalls, type Burst, type Sequential, type Tick } from './measure.js';
import { buildServers, type ServerBuild } from './servers.js';
import { fmt, median, percentile, ratio } from './stats.js';
import { startFakeUpstream } from './upstream.js';
import { parseQuickKeep } from '../scripts/scriptCommand.js';

const values = parseQuickKeep(
  'bench',
  'Generates a `rest` server and a bare SDK v2 server, measures both the same way (cold start, sequential ' +
    'calls, a burst) and prints a markdown table on stdout; progress on stderr.',
);
const quick = Boolean(values.quick);
// --quick is a smoke check that everything runs, not a figure to publish.
const N = quick ? { cold: 5, calls: 200, burst: 2_000 } : { cold: 20, calls: 2_000, burst: 20_000 };
const began = performance.now();

const say = (text: string) => process.stderr.write(`${text}\n`);
function progress(phase: string): Tick {
  say(`… ${phase}`);
  let shown = 0; // tenths already printed: logs (not a terminal) get at most ten lines per phase
  return (done, total) => {
    if (process.stderr.isTTY) process.stderr.write(`\r  ${phase}: ${done}/${total}${done === total ? '\n' : ''}`);
    else if (Math.floor((done * 10) / total) > shown) {
      shown = Math.floor((done * 10) / total);
      say(`  ${phase}: ${done}/${total}`);
    }
  };
}

function machine(): string {
  let cpu = 'unknown CPU';
  try {
    cpu = /^model name\s*:\s*(.+)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1].trim() ?? cpu;
  } catch {
    /* not Linux: keep the placeholder */
  }
  return `${cpu}, ${os.availableParallelism()} cores, Node ${process.version}`;
}

const burstCell = (b: Burst, unit: string) => (b.failure ? 'failed' : fmt(b.perSecond, unit));
const n = (x: number) => x.toLocaleString('en-US');

async function main(): Promise<void> {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-factory-bench-'));
  const upstream = await startFakeUpstream();
  const children: RpcChild[] = [];
  try {
    say(`… building both servers in ${parent}`);
    const builds: ServerBuild[] = await buildServers(parent, (m) => say(`  ${m}`));

    const cold = await coldStarts(builds, upstream.url, N.cold, progress(`cold start, alternating (${N.cold} each)`));

    for (const build of builds) children.push(new RpcChild(build, upstream.url));
    await Promise.all(children.map((c) => c.handshake()));
    const rssInit = children.map((c) => c.rssMb());

    const seq = await sequentialCalls(children, N.calls, progress(`sequential tools/call (${n(N.calls)} each)`));

    // One server at a time: two bursts at once would compete for the same cores and upstream.
    const bursts: Burst[] = [];
    const rssBurst: number[] = [];
    for (const child of children) {
      const [requests, sockets] = [upstream.count(), upstream.connections()];
      bursts.push(
        await burst(child, N.burst, 1_000_000, progress(`pipelined burst, ${child.build.label} (${n(N.burst)})`)),
      );
      rssBurst.push(bursts.at(-1)?.failure ? Number.NaN : child.rssMb());
      say(
        `  upstream saw ${n(upstream.count() - requests)} requests on ${n(upstream.connections() - sockets)} new connections`,
      );
    }
    const badLines = children.map((c) => c.badLines);
    await Promise.all(children.map((c) => c.stop()));

    report(builds, { cold, rssInit, seq, bursts, rssBurst, badLines });
  } finally {
    await Promise.all(children.map((c) => c.stop()));
    await upstream.close();
    if (values.keep) say(`kept ${parent}`);
    else fs.rmSync(parent, { recursive: true, force: true });
    say(`run time ${((performance.now() - began) / 1000).toFixed(0)} s`);
  }
}

interface Results {
  cold: number[][];
  rssInit: number[];
  seq: Sequential[];
  bursts: Burst[];
  rssBurst: number[];
  badLines: number[];
}

function report(builds: ServerBuild[], r: Results): void {
  const [g, b] = [0, 1];
  const coldMs = r.cold.map(median);
  const p50 = r.seq.map((s) => percentile(s.latencies, 50));
  const p99 = r.seq.map((s) => percentile(s.latencies, 99));
  const rows: Array<[string, string, string, string]> = [
    [
      `cold start: spawn → initialize response (median of ${N.cold})`,
      fmt(coldMs[g], 'ms'),
      fmt(coldMs[b], 'ms'),
      ratio(coldMs[g], coldMs[b]),
    ],
    [
      `tools/call round trip p50 (${n(N.calls)} sequential)`,
      fmt(p50[g], 'ms'),
      fmt(p50[b], 'ms'),
      ratio(p50[g], p50[b]),
    ],
    [
      `tools/call round trip p99 (${n(N.calls)} sequential)`,
      fmt(p99[g], 'ms'),
      fmt(p99[b], 'ms'),
      ratio(p99[g], p99[b]),
    ],
    [
      `pipelined throughput (${n(N.burst)} tools/call written at once)`,
      burstCell(r.bursts[g], 'req/s'),
      burstCell(r.bursts[b], 'req/s'),
      ratio(r.bursts[g].perSecond, r.bursts[b].perSecond),
    ],
    ['RSS after initialize', fmt(r.rssInit[g], 'MB'), fmt(r.rssInit[b], 'MB'), ratio(r.rssInit[g], r.rssInit[b])],
    ['RSS after the burst', fmt(r.rssBurst[g], 'MB'), fmt(r.rssBurst[b], 'MB'), ratio(r.rssBurst[g], r.rssBurst[b])],
    [
      'failed calls (sequential / burst)',
      ...([g, b].map((i) => `${r.seq[i].errors} / ${r.bursts[i].errors}`) as [string, string]),
      '—',
    ],
  ];
  const out: string[] = [
    `Machine: ${machine()}; @modelcontextprotocol/server ${builds.map((x) => `${x.sdkVersion} (${x.label})`).join(', ')}${quick ? '; **quick run**' : ''}`,
    '',
    '| metric | generated | bare | ratio |',
    '|---|---:|---:|---:|',
    ...rows.map((row) => `| ${row.join(' | ')} |`),
    '',
  ];

  const coldRatio = coldMs[g] / coldMs[b];
  const added = p50[g] - p50[b];
  out.push(
    `- Cold start: ratio ${coldRatio.toFixed(2)} — ${coldRatio <= 1 ? 'PASS' : 'FAIL'} (goal ≤ 1.0; aim ≤ 0.5 ${coldRatio <= 0.5 ? 'met' : 'not met'})`,
  );
  out.push(`- Added p50 per call: ${added.toFixed(3)} ms — ${added <= 1 ? 'PASS' : 'FAIL'} (goal ≤ 1 ms)`);
  for (const [i, build] of builds.entries()) {
    const [s, bu] = [r.seq[i], r.bursts[i]];
    if (bu.failure) out.push(`- Burst, ${build.label}: did not complete: ${bu.failure}`);
    if (s.firstError) out.push(`- ${build.label}: ${s.errors} sequential call(s) failed, e.g. "${s.firstError}"`);
    if (bu.firstError) out.push(`- ${build.label}: ${bu.errors} burst call(s) failed, e.g. "${bu.firstError}"`);
  }
  for (const [i, count] of r.badLines.entries()) {
    if (count > 0)
      out.push(`- ${builds[i].label}: ${count} stdout line(s) were not JSON (a real client would disconnect)`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

main().catch((error: unknown) => {
  say(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
