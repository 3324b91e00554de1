// Part of `npm run bench:openapi`: GitHub's REST spec (@octokit/openapi, ~1,100 operations) grown into
// fresh copies of one generated repo in three ways: static (a tool per operation), static with two
// toolsets (--toolsets repos,issues), dynamic (--toolMode dynamic: three tools over a catalog). Per mode:
// generation time, files written, tools/list size, cold start against the one-tool server (median
// ratio), and for dynamic mode the usefulness proxy: the fraction of operations search_operations
// lists on its first page when asked with the words of their summary. Figures, not assertions.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import nodePlop from 'node-plop';
import { CATALOG_FILE } from '../generators/openapi/dynamic.js';
import { FACTORY_ROOT } from '../engine/paths.js';
import { coldStarts, RpcChild } from './measure.js';
import type { ServerBuild } from './servers.js';
import { fmt, median, ratio } from './stats.js';
import { useLocalRuntime } from '../scripts/runtimeTarball.js';

export const GITHUB_SPEC = createRequire(import.meta.url).resolve('@octokit/openapi/generated/api.github.com.json');

const MODES = [
  // Past STATIC_TOOL_LIMIT operations (GitHub's spec is) the default is dynamic: static asked for explicitly.
  { label: 'static, all operations', answers: { toolMode: 'static' } },
  { label: 'static, --toolsets repos,issues', answers: { toolsets: 'repos,issues' } },
  { label: 'dynamic', answers: { toolMode: 'dynamic' } },
] as const;

/** Every file of a repo (without node_modules and dist), by path. */
function files(repo: string): Set<string> {
  const found = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name === '.git') continue;
      const abs = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(abs);
      else found.add(path.relative(repo, abs));
    }
  };
  walk(repo);
  return found;
}

export interface GithubBenchOptions {
  /** The installed one-tool repo and its build. */
  base: string;
  baseBuild: ServerBuild;
  /** Makes a fresh copy of the base repo at this path. */
  copy: (to: string) => string;
  parent: string;
  upstreamUrl: string;
  build: (repo: string) => Promise<unknown>;
  cold: number;
  say: (text: string) => void;
}

/** The fraction of catalog operations search_operations lists on its first page (10) for their summary's words. */
async function searchReach(child: RpcChild, repo: string): Promise<{ found: number; total: number }> {
  const text = fs.readFileSync(path.join(repo, CATALOG_FILE), 'utf8');
  const json = /export const CATALOG_JSON =\n {2}'(.*)';\n/.exec(text)?.[1] ?? '[]';
  const ops = JSON.parse(json.replace(/\\'/g, "'").replace(/\\\\/g, '\\')) as Array<{ name: string; title: string }>;
  let found = 0;
  for (const [i, op] of ops.entries()) {
    const answer = await child.request(10_000 + i, 'tools/call', {
      name: 'search_operations',
      arguments: { query: op.title },
    });
    const listed = String((answer.result?.content as Array<{ text: string }> | undefined)?.[0]?.text ?? '')
      .split('\n')
      .slice(1)
      .map((line) => line.slice(0, line.indexOf(':')));
    if (listed.includes(op.name)) found += 1;
  }
  return { found, total: ops.length };
}

export async function githubBench(o: GithubBenchOptions): Promise<string[]> {
  await useLocalRuntime(); // the servers depend on this checkout's runtime, packed as a user gets it
  const before = files(o.base);
  const rows: string[] = [];
  for (const [i, mode] of MODES.entries()) {
    const repo = o.copy(path.join(o.parent, `github-${i}`));
    o.say(`… GitHub spec, ${mode.label}: generating`);
    const plop = await nodePlop(path.join(FACTORY_ROOT, 'plopfile.ts'), { destBasePath: repo, force: false });
    const started = performance.now();
    const { failures } = await plop.getGenerator('openapi').runActions({ spec: GITHUB_SPEC, ...mode.answers });
    const ms = performance.now() - started;
    if (failures.length > 0) throw new Error(`plop openapi (${mode.label}) failed: ${JSON.stringify(failures[0])}`);
    const after = files(repo);
    const added = [...after].filter((f) => !before.has(f)).length;
    o.say(`… GitHub spec, ${mode.label}: building`);
    const buildStarted = performance.now();
    await o.build(repo);
    const buildMs = performance.now() - buildStarted;
    const build: ServerBuild = { ...o.baseBuild, entry: path.join(repo, 'dist/index.js') };
    o.say(`… GitHub spec, ${mode.label}: cold start (${o.cold} each, alternating with the one-tool server)`);
    const [one, grown] = await coldStarts([o.baseBuild, build], o.upstreamUrl, o.cold, () => undefined);
    const child = new RpcChild(build, o.upstreamUrl);
    await child.handshake();
    const list = await child.request(2, 'tools/list', {});
    const bytes = Buffer.byteLength(JSON.stringify(list));
    const tools = (list.result?.tools as unknown[] | undefined)?.length ?? 0;
    let reach = 'n/a (every tool listed)';
    if (mode.label === 'dynamic') {
      o.say('… GitHub spec, dynamic: searching every operation by its summary');
      const { found, total } = await searchReach(child, repo);
      reach = `${((100 * found) / total).toFixed(1)} % (${found}/${total})`;
    }
    await child.stop();
    rows.push(
      `| ${mode.label} | ${fmt(ms, 'ms')} | ${added} | ${fmt(buildMs, 'ms')} | ${bytes} B = ${(bytes / 1024).toFixed(1)} KB (${tools} tools) | ${fmt(median(grown), 'ms')} vs ${fmt(median(one), 'ms')}: ${ratio(median(grown), median(one))} | ${reach} |`,
    );
  }
  return [
    `GitHub's REST spec (@octokit/openapi, ${path.basename(GITHUB_SPEC)}), cold start median of ${o.cold}`,
    '',
    '| mode | generation (in process) | files added | npm run build | tools/list | cold start vs one tool | found by search (first page) |',
    '|---|---|---|---|---|---|---|',
    ...rows,
  ];
}
