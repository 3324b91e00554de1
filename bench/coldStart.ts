// `npm run bench:coldstart -- [--runs 20] [--keep] [--reuse DIR]`: the cold start alone (spawn → initialize
// answer on stdio) of a generated `rest` server against the bare SDK server, alternating run by run as in
// bench/run.ts, without the call and burst phases; and, as the floor, a Node process that only answers the line. --keep leaves the two builds in place and prints their
// folder; --reuse DIR measures the builds already in DIR (e.g. after rebuilding the generated one by hand).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { coldStarts } from './measure.js';
import { buildServers, nodeFloor, reuseServers, type ServerBuild } from './servers.js';
import { fmt, median, percentile, ratio } from './stats.js';
import { startFakeUpstream } from './upstream.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '20' },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'string' },
  },
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  process.stderr.write(`[ERROR] --runs must be a positive whole number, got ${values.runs}\n`);
  process.exit(1);
}
const say = (text: string) => process.stderr.write(`${text}\n`);

const parent = values.reuse ?? fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-factory-cold-'));
const upstream = await startFakeUpstream();
try {
  const builds: ServerBuild[] = values.reuse ? reuseServers(parent) : await buildServers(parent, (m) => say(`  ${m}`));
  say(`… cold start, alternating (${runs} each)`);
  const samples = await coldStarts([...builds, nodeFloor(parent)], upstream.url, runs, () => undefined);
  const [g, b, floor] = samples;
  const row = (name: string, pick: (s: number[]) => number) =>
    `| ${name} | ${fmt(pick(g), 'ms')} | ${fmt(pick(b), 'ms')} | ${ratio(pick(g), pick(b))} | ${fmt(pick(floor), 'ms')} | ${ratio(pick(floor), pick(b))} |`;
  process.stdout.write(
    [
      `| cold start, spawn → initialize (n = ${runs} each) | generated | bare SDK | ratio | Node alone | ratio |`,
      '|---|---|---|---|---|---|',
      row('median', median),
      row('p90', (s) => percentile(s, 90)),
      '',
    ].join('\n'),
  );
} finally {
  await upstream.close();
  if (values.keep || values.reuse) say(`builds in ${parent}`);
  else fs.rmSync(parent, { recursive: true, force: true });
}
