// `npm run bench:openapi`: a server grown from a 97-operation OpenAPI spec, against the same server
// with its one preset tool, built from one generated repo in the same run. Prints generation time
// (`npx plop openapi`, in process, on fresh copies), cold start (spawn → initialize answer,
// alternating), tools/list (time and size), and the tools' unit tests (one jest file, as generated, against
// a jest file per tool). Then GitHub's spec in static, one-toolset and
// dynamic tool mode (openapiGithub.ts; `--github-only` runs only that part), and first the corpus
// sample: real published specs generated, type-checked and unit-tested (openapiCorpus.ts; `--corpus N`
// specs, 30 by default, 0 to skip). Figures, not assertions.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import nodePlop from 'node-plop';
import { FACTORY_ROOT } from '../engine/paths.js';
import { readManifest } from '../engine/contract/defineGenerator.js';
import { envPrefix } from '../engine/contract/vocabulary.js';
import { coldStarts, RpcChild } from './measure.js';
import { corpusSample } from './openapiCorpus.js';
import { githubBench } from './openapiGithub.js';
import { syntheticSpec } from './openapiSpec.js';
import type { ServerBuild } from './servers.js';
import { fmt, median, ratio } from './stats.js';
import { startFakeUpstream } from './upstream.js';
import { useLocalRuntime } from '../scripts/runtimeTarball.js';
import { keepOption, parseScript, quickOption, scriptCommand, wholeNumber } from '../scripts/scriptCommand.js';

const OPERATIONS = 97;
const options = parseScript<{ quick?: boolean; githubOnly?: boolean; corpus?: number; keep?: boolean }>(
  scriptCommand(
    'bench:openapi',
    `The OpenAPI generator in one run: the corpus sample of real published specs, a server grown from a ` +
      `${OPERATIONS}-operation synthetic spec against the same server with its one preset tool, then GitHub's spec in ` +
      `static, one-toolset and dynamic tool mode. Markdown tables on stdout; progress on stderr.`,
  )
    .addOption(quickOption('shorter and fewer rounds'))
    .option('--github-only', "only GitHub's spec (no corpus sample, no synthetic spec)")
    .option('--corpus <n>', 'specs of the corpus sample (0 to skip; default 30, 0 with --github-only)', wholeNumber())
    .addOption(keepOption()),
);
const { quick, githubOnly } = options;
const corpusCount = options.corpus ?? (githubOnly ? 0 : 30);
// Generated servers depend on this checkout's runtime, packed as a user gets it.
await useLocalRuntime();

const N = quick ? { generate: 2, cold: 5, list: 20, unit: 1 } : { generate: 5, cold: 20, list: 200, unit: 3 };
const run = promisify(execFile);
const say = (text: string) => process.stderr.write(`${text}\n`);
const npm = (cwd: string, args: string[]) =>
  run('npm', args, { cwd, env: { ...process.env, NODE_OPTIONS: '' }, maxBuffer: 64 * 1024 * 1024 });

/** A copy of the repo without node_modules (linked instead): a fresh target for the generator. */
function copyRepo(from: string, to: string): string {
  fs.cpSync(from, to, {
    recursive: true,
    filter: (src) => !src.includes(`${path.sep}node_modules`) && !src.includes(`${path.sep}dist`),
  });
  fs.symlinkSync(path.join(from, 'node_modules'), path.join(to, 'node_modules'), 'dir');
  return to;
}

async function openapi(repo: string, spec: string): Promise<number> {
  const plop = await nodePlop(path.join(FACTORY_ROOT, 'plopfile.ts'), { destBasePath: repo, force: false });
  const started = performance.now();
  const { failures } = await plop.getGenerator('openapi').runActions({ spec });
  const ms = performance.now() - started;
  if (failures.length > 0) throw new Error(`plop openapi failed: ${JSON.stringify(failures[0])}`);
  return ms;
}

/**
 * The grown repo's tool unit tests, in band (one process: its time is its CPU), alternating: as generated, every tool's
 * module (test/unit/openapi/) run by one jest file, against a jest file per tool running the same module (the layout
 * before: jest sets up each test file apart). Each way once first to fill jest's transform cache.
 */
async function unitTestLayouts(
  repo: string,
  runs: number,
): Promise<{ one: number[]; perTool: number[]; tests: number }> {
  const modules = fs.readdirSync(path.join(repo, 'test/unit/openapi')).filter((file) => file.endsWith('.ts'));
  const perToolDir = path.join(repo, 'test/perTool');
  fs.mkdirSync(perToolDir);
  for (const file of modules) {
    const module = `../unit/openapi/${file.replace(/\.ts$/, '.js')}`;
    fs.writeFileSync(
      path.join(perToolDir, file.replace(/\.ts$/, '.test.ts')),
      `await import('${module}');\nexport {};\n`,
    );
  }
  const jest = async (target: string) => {
    const started = performance.now();
    const { stderr } = await run(
      process.execPath,
      [path.join(repo, 'node_modules/jest/bin/jest.js'), '--runInBand', '--silent', target],
      {
        cwd: repo,
        env: { ...process.env, NODE_OPTIONS: '--experimental-vm-modules --disable-warning=ExperimentalWarning' },
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    const passed = /^Tests:\s+(\d+) passed, \1 total/m.exec(stderr);
    if (!passed) throw new Error(`jest ${target}: no clean summary`);
    return { ms: performance.now() - started, tests: Number(passed[1]) };
  };
  const one: number[] = [];
  const perTool: number[] = [];
  const first = await jest('test/unit/openapi.test.ts');
  const before = await jest('test/perTool');
  if (before.tests !== first.tests) throw new Error(`${first.tests} tests in one file, ${before.tests} in a file each`);
  for (let i = 0; i < runs; i += 1) {
    one.push((await jest('test/unit/openapi.test.ts')).ms);
    perTool.push((await jest('test/perTool')).ms);
  }
  fs.rmSync(perToolDir, { recursive: true });
  return { one, perTool, tests: first.tests };
}

/** The synthetic 97-operation spec: generation, cold start and tools/list against the one-tool server. */
async function synthetic(
  parent: string,
  base: string,
  baseBuild: ServerBuild,
  spec: string,
  upstreamUrl: string,
): Promise<string[]> {
  say(`… npx plop openapi (${OPERATIONS} operations) on ${N.generate} fresh copies`);
  const generation: number[] = [];
  let grown = '';
  for (let i = 0; i < N.generate; i += 1) {
    grown = copyRepo(base, path.join(parent, `grown-${i}`));
    generation.push(await openapi(grown, spec));
  }
  say('… building the grown copy');
  await npm(grown, ['run', 'build']);
  const builds: ServerBuild[] = [baseBuild, { ...baseBuild, entry: path.join(grown, 'dist/index.js') }];
  say(`… cold start, alternating (${N.cold} each)`);
  const [coldOne, coldMany] = await coldStarts(builds, upstreamUrl, N.cold, () => undefined);

  say(`… tools/list, ${N.list} times each`);
  const lists = [];
  for (const build of builds) {
    const child = new RpcChild(build, upstreamUrl);
    await child.handshake();
    const times: number[] = [];
    let bytes = 0;
    let tools = 0;
    for (let i = 0; i < N.list; i += 1) {
      const started = performance.now();
      const answer = await child.request(1000 + i, 'tools/list', {});
      times.push(performance.now() - started);
      bytes = Buffer.byteLength(JSON.stringify(answer));
      tools = (answer.result?.tools as unknown[] | undefined)?.length ?? 0;
    }
    await child.stop();
    lists.push({ times, bytes, tools });
  }

  say(`… the tools' unit tests, one jest file and a file per tool, in band (${N.unit} each, alternating)`);
  const unit = await unitTestLayouts(grown, N.unit);

  return [
    `OpenAPI bench (${OPERATIONS}-operation synthetic spec, ${os.availableParallelism()} cores, Node ${process.version}${quick ? ', --quick' : ''})`,
    '',
    '| measure | one preset tool | + 97 tools from the spec | ratio |',
    '|---|---|---|---|',
    `| npx plop openapi (in process, median of ${N.generate}) | | ${fmt(median(generation), ' ms')} | |`,
    `| npx plop openapi, first run of the process (cold: loads and compiles) | | ${fmt(generation[0], ' ms')} | |`,
    `| cold start, spawn → initialize (median of ${N.cold}) | ${fmt(median(coldOne), ' ms')} | ${fmt(median(coldMany), ' ms')} | ${ratio(median(coldMany), median(coldOne))} |`,
    `| tools/list (median of ${N.list}) | ${fmt(median(lists[0].times), ' ms')} | ${fmt(median(lists[1].times), ' ms')} | |`,
    `| tools/list size | ${(lists[0].bytes / 1024).toFixed(1)} KB (${lists[0].tools} tools) | ${(lists[1].bytes / 1024).toFixed(1)} KB (${lists[1].tools} tools) | |`,
    '',
    `| the ${OPERATIONS} tools' unit tests (${unit.tests} tests), jest in band (median of ${N.unit}) | a jest file per tool | one jest file (as generated) | ratio |`,
    '|---|---|---|---|',
    `| time (one process: its CPU) | ${fmt(median(unit.perTool) / 1000, ' s')} | ${fmt(median(unit.one) / 1000, ' s')} | ${ratio(median(unit.one), median(unit.perTool))} |`,
  ];
}

async function main(): Promise<void> {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-factory-bench-openapi-'));
  process.env.MCP_FACTORY_HOME = path.join(parent, 'factory-home'); // keep bench servers out of the catalog
  const spec = path.join(parent, 'catalogue.json');
  fs.writeFileSync(spec, JSON.stringify(syntheticSpec(OPERATIONS)));
  const upstream = await startFakeUpstream();
  try {
    say(`… generating and installing a rest server in ${parent}`);
    const plop = await nodePlop(path.join(FACTORY_ROOT, 'plopfile.ts'), { destBasePath: parent, force: false });
    const { failures } = await plop
      .getGenerator('server')
      .runActions({ name: 'one-tool', preset: 'rest', baseUrl: 'http://127.0.0.1:1', healthPath: '/health' });
    if (failures.length > 0) throw new Error('plop server failed');
    const base = path.join(parent, 'one-tool');
    await npm(base, ['install', '--no-audit', '--no-fund', '--prefer-offline']);

    const prefix = envPrefix(base, readManifest(base));
    const sdkVersion = JSON.parse(
      fs.readFileSync(path.join(base, 'node_modules/@modelcontextprotocol/server/package.json'), 'utf8'),
    ).version;
    const baseBuild: ServerBuild = {
      label: 'generated',
      entry: path.join(base, 'dist/index.js'),
      baseUrlVar: `${prefix}_BASE_URL`,
      sdkVersion,
    };
    await npm(base, ['run', 'build']);
    const out = corpusCount ? [...(await corpusSample(corpusCount, parent, say)), ''] : [];
    if (!githubOnly) out.push(...(await synthetic(parent, base, baseBuild, spec, upstream.url)), '');
    out.push(
      ...(await githubBench({
        base,
        baseBuild,
        copy: (to) => copyRepo(base, to),
        parent,
        upstreamUrl: upstream.url,
        build: (repo) => npm(repo, ['run', 'build']),
        cold: N.cold,
        say,
      })),
    );
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    await upstream.close();
    if (!options.keep) fs.rmSync(parent, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`bench:openapi failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
