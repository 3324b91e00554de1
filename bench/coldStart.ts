// `npm run bench:coldstart -- [--runs 20] [--keep] [--reuse DIR]`: the cold start alone (spawn → initialize
// answer on stdio) of a generated `rest` server against the bare SDK server, alternating run by run as in
// bench/run.ts, without the call and burst phases; and, as the floor, a Node process that only answers the line. --keep leaves the two builds in place and prints their
// folder; --reuse DIR measures the builds already in DIR (e.g. after rebuilding the generated one by hand).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { coldStarts } from './measure.js';
import { buildServers, nodeFloor, reuseServers, type ServerBuild } from './servers.js';
import { fmt, median, percentile, ratio } from './stats.js';
import { startFakeUpstream } from './upstream.js';
import { keepOption, parseScript, scriptCommand, wholeNumber } from '../scripts/scriptCommand.js';

const values = parseScript<{ runs: number; keep?: boolean; reuse?: string }>(
  scriptCommand(
    'bench:coldstart',
    'The cold start alone (spawn → initialize answer on stdio) of a generated `rest` server and a bare SDK v2 ' +
      'server, alternating, and of a Node process that only answers the line (the floor): medians and ratios.',
  )
    .option('--runs <n>', 'starts of each server', wholeNumber(1), 20)
    .addOption(keepOption())
    .option('--reuse <dir>', 'measure the builds already in <dir> (a kept folder) instead of building'),
);
const runs = values.runs;
const say = (text: string) => process.stderr.write(`${text}\n`);

/** Each round's `a[i] / b[i]` (the servers alternate, so round i's starts ran close together). */
const roundRatios = (a: number[], b: number[]) => a.map((x, i) => x / b[i]);

const parent = values.reuse ?? fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-factory-cold-'));
const upstream = await startFakeUpstream();
try {
  const builds: ServerBuild[] = values.reuse ? reuseServers(parent) : await buildServers(parent, (m) => say(`  ${m}`));
  say(`… cold start, alternating (${runs} each)`);
  const cpu: number[][] = [];
  const samples = await coldStarts([...builds, nodeFloor(parent)], upstream.url, runs, () => undefined, cpu);
  const [g, b, floor] = samples;
  const [gCpu, bCpu, floorCpu] = cpu;
  const row = (name: string, [g, b, floor]: number[][], pick: (s: number[]) => number) =>
    `| ${name} | ${fmt(pick(g), 'ms')} | ${fmt(pick(b), 'ms')} | ${ratio(pick(g), pick(b))} | ${fmt(pick(floor), 'ms')} | ${ratio(pick(floor), pick(b))} |`;
  process.stdout.write(
    [
      `| cold start, spawn → initialize (n = ${runs} each) | generated | bare SDK | ratio | Node alone | ratio |`,
      '|---|---|---|---|---|---|',
      row('median', samples, median),
      row('p90', samples, (s) => percentile(s, 90)),
      row('CPU time to the answer, median', cpu, median),
      '',
      // On a shared machine the load drifts during a run: the starts of one round are a few hundred ms apart, so
      // the ratio within each round is steadier than the ratio of two medians.
      `median of the ${runs} rounds' own ratios: generated/bare ${fmt(median(roundRatios(g, b)))}, ` +
        `Node alone/bare ${fmt(median(roundRatios(floor, b)))}; CPU time generated/bare ` +
        `${fmt(median(roundRatios(gCpu, bCpu)))}, Node alone/bare ${fmt(median(roundRatios(floorCpu, bCpu)))}`,
      '',
    ].join('\n'),
  );
} finally {
  await upstream.close();
  if (values.keep || values.reuse) say(`builds in ${parent}`);
  else fs.rmSync(parent, { recursive: true, force: true });
}
