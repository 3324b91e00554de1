// `npm run bench:tracing` (or `npx tsx bench/tracing.ts [--quick]`): what OpenTelemetry tracing costs a
// generated server. One generated server (rest preset, the ping tool GETs the upstream) runs with tracing off
// (the default) and on (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT pointing at a receiver in this process), next to a
// bare SDK server, measured in the same run: cold start (off must equal a server without tracing code: nothing
// of OpenTelemetry is loaded) and per-call round trips (on: a span per call and per upstream attempt, exported
// in batches). Prints a markdown table on stdout; progress on stderr.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { coldStarts, RpcChild, sequentialCalls, type Tick } from './measure.js';
import { buildServers, type ServerBuild } from './servers.js';
import { fmt, median, percentile, ratio } from './stats.js';
import { startFakeUpstream } from './upstream.js';
import { parseScript, quickOption, scriptCommand } from '../scripts/scriptCommand.js';

const values = parseScript<{ quick?: boolean }>(
  scriptCommand(
    'bench:tracing',
    'One generated server with tracing off and on (spans exported over OTLP/HTTP to a local receiver): cold ' +
      'start and per-call figures, a markdown table on stdout.',
  ).addOption(quickOption('fewer starts and calls')),
);
const N = values.quick ? { cold: 5, calls: 300 } : { cold: 20, calls: 2_000 };
const say = (text: string) => process.stderr.write(`${text}\n`);
const tick =
  (phase: string): Tick =>
  (done, total) => {
    if (done === total) say(`  ${phase}: ${done}/${total}`);
  };

/** An OTLP/HTTP receiver: counts the spans it is sent (JSON, as the exporter sends them). */
async function startReceiver(): Promise<{ url: string; spans: () => number; close: () => Promise<void> }> {
  let spans = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as {
        resourceSpans?: { scopeSpans: { spans: unknown[] }[] }[];
      };
      for (const r of body.resourceSpans ?? []) for (const s of r.scopeSpans) spans += s.spans.length;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1/traces`,
    spans: () => spans,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function main(): Promise<void> {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-factory-bench-tracing-'));
  const upstream = await startFakeUpstream();
  const receiver = await startReceiver();
  const children: RpcChild[] = [];
  try {
    say(`… building the generated and the bare server in ${parent}`);
    const [generated, bare] = await buildServers(parent, (m) => say(`  ${m}`));
    const traced: ServerBuild = {
      ...generated,
      label: 'generated, tracing on',
      env: { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '200' },
    };
    const builds = [generated, traced, bare];
    const cold = (await coldStarts(builds, upstream.url, N.cold, tick(`cold starts (${N.cold} each)`))).map(median);

    for (const build of [generated, traced]) children.push(new RpcChild(build, upstream.url));
    await Promise.all(children.map((c) => c.handshake()));
    const seq = await sequentialCalls(children, N.calls, tick(`sequential tools/call (${N.calls} each)`));
    await Promise.all(children.map((c) => c.stop())); // the traced server exports what it buffered on exit
    const [p50, p99] = [50, 99].map((p) => seq.map((s) => percentile(s.latencies, p)));

    const rows = [
      [
        'cold start, tracing off (median)',
        fmt(cold[0], 'ms'),
        `${ratio(cold[0], cold[2])} bare (${fmt(cold[2], 'ms')})`,
      ],
      ['cold start, tracing on (median)', fmt(cold[1], 'ms'), `${ratio(cold[1], cold[0])} off`],
      [`tools/call p50, tracing off (${N.calls})`, fmt(p50[0], 'ms'), ''],
      [`tools/call p50, tracing on (${N.calls})`, fmt(p50[1], 'ms'), `${ratio(p50[1], p50[0])} off`],
      [`tools/call p99, tracing off`, fmt(p99[0], 'ms'), ''],
      [`tools/call p99, tracing on`, fmt(p99[1], 'ms'), `${ratio(p99[1], p99[0])} off`],
      ['spans received (tracing on)', String(receiver.spans()), `${(receiver.spans() / N.calls).toFixed(2)} per call`],
      ['failed calls (off / on)', `${seq[0].errors} / ${seq[1].errors}`, ''],
    ];
    const out = [
      `Node ${process.version}, ${os.availableParallelism()} cores${values.quick ? '; **quick run**' : ''}`,
      '',
      '| metric | value | ratio |',
      '|---|---|---|',
      ...rows.map((r) => `| ${r.join(' | ')} |`),
    ];
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    await Promise.all(children.map((c) => c.stop()));
    await upstream.close();
    await receiver.close();
    fs.rmSync(parent, { recursive: true, force: true });
  }
}

await main();
