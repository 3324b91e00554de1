// `npm run bench:discover`: discovery over 200 installed packages (the target is under 200 ms).
// A project's node_modules holds 200 packages, a quarter of them MCP servers (a package.json with
// mcpName and a server.json), some scoped; the catalog lists 20 more. Printed: the median of 30 runs
// of discover() in-process, `mcp-factory list --json` end to end (process start included), and as a
// baseline measured in the same run the bare cost of reading those 200 package.json files.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { registerServer } from '../cli/catalog.js';
import { discover } from '../cli/discover.js';
import { fmt, median, ratio } from './stats.js';
import { parseScript, scriptCommand } from '../scripts/scriptCommand.js';

const PACKAGES = 200;
const RUNS = 30;
parseScript(
  scriptCommand(
    'bench:discover',
    `Discovery over ${PACKAGES} installed packages and 20 catalog entries: the median of ${RUNS} runs in-process, ` +
      '`mcp-factory list --json` end to end, and the bare cost of reading those package.json files.',
  ),
);

async function fixture(): Promise<{ project: string; home: string; packageDirs: string[] }> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-factory-bench-discover-'));
  const project = path.join(root, 'project');
  const home = path.join(root, 'home');
  fs.mkdirSync(path.join(project, 'node_modules'), { recursive: true });
  fs.writeFileSync(path.join(project, 'package.json'), '{"name":"bench-project"}');
  const packageDirs: string[] = [];
  for (let i = 0; i < PACKAGES; i++) {
    const name = i % 5 === 0 ? `@scope${i % 3}/pkg-${i}` : `pkg-${i}`;
    const dir = path.join(project, 'node_modules', name);
    fs.mkdirSync(path.join(dir, 'dist'), { recursive: true });
    const server = i % 4 === 0;
    const pkg = {
      name,
      version: '1.0.0',
      main: 'dist/index.js',
      ...(server ? { mcpName: `io.github.bench/${i}` } : {}),
    };
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg));
    fs.writeFileSync(path.join(dir, 'dist', 'index.js'), '');
    if (server) fs.writeFileSync(path.join(dir, 'server.json'), '{}');
    packageDirs.push(dir);
  }
  for (let i = 0; i < 20; i++) {
    const dir = path.join(root, 'repos', `repo-${i}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({ name: `repo-${i}`, mcpName: `io.github.bench/repo-${i}`, bin: 'dist/index.js' }),
    );
    fs.writeFileSync(path.join(dir, 'server.json'), '{}');
    await registerServer({ name: `repo-${i}`, mcpName: `io.github.bench/repo-${i}`, path: dir }, home);
  }
  return { project, home, packageDirs };
}

function time(fn: () => void): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

const { project, home, packageDirs } = await fixture();
const found = discover({ cwd: project, home, globalRoot: false });
const inProcess: number[] = [];
const baseline: number[] = [];
for (let i = 0; i < RUNS; i++) {
  inProcess.push(time(() => discover({ cwd: project, home, globalRoot: false })));
  baseline.push(
    time(() => packageDirs.forEach((dir) => JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')))),
  );
}
const bin = path.join(import.meta.dirname, '..', 'bin', 'mcp-factory.js');
const env = {
  ...process.env,
  NODE_OPTIONS: '',
  MCP_FACTORY_HOME: home,
  npm_config_prefix: path.join(project, 'no-global'),
};
const endToEnd: number[] = [];
for (let i = 0; i < 10; i++) {
  endToEnd.push(time(() => execFileSync(process.execPath, [bin, 'list', '--json'], { cwd: project, env })));
}
const nodeStart: number[] = [];
for (let i = 0; i < 10; i++) nodeStart.push(time(() => execFileSync(process.execPath, ['-e', ''], { env })));

const m = median(inProcess);
console.log(`discovery: ${PACKAGES} installed packages + 20 catalog entries → ${found.length} servers`);
console.log(`| metric | median | baseline | ratio |`);
console.log(`|---|---:|---:|---:|`);
console.log(
  `| discover() in-process (${RUNS} runs) | ${fmt(m, 'ms')} | ${fmt(median(baseline), 'ms')} (read ${PACKAGES} package.json) | ${ratio(m, median(baseline))} |`,
);
console.log(
  `| \`mcp-factory list --json\` (10 runs) | ${fmt(median(endToEnd), 'ms')} | ${fmt(median(nodeStart), 'ms')} (\`node -e ''\`) | ${ratio(median(endToEnd), median(nodeStart))} |`,
);
console.log(m < 200 ? `OK: discovery under 200 ms` : `OVER BUDGET: discovery took ${fmt(m, 'ms')} (target < 200 ms)`);
