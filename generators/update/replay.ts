// Renders a factory's version of a server repo: the repo's recorded runs replayed in order with that
// factory's own plopfile, generators and node_modules, in a child process (which keeps the two
// factories' modules and asset registries apart). Each run gets its recorded answers, validated
// exactly as a command line's would be; questions a newer factory added take their defaults.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { RecordedRun } from '../actions/recordRun.js';

/** Recorded answers that name a spec file, relative to the repo: copied into the render at the same place. */
const SPEC_ANSWERS: Record<string, string> = { server: 'openapi', openapi: 'spec' };

export interface ReplayContext {
  /** The user's server repo (spec files are read from it). */
  userRepo: string;
  /** The user's `mcp-factory` dependency spec (package.json), given to `server --factory` so both renders agree. */
  factorySpec?: string;
}

/**
 * The child process: loads the factory's plopfile with its own node-plop and runs one generator
 * with the recorded answers (node-plop's runActions, which the contract validates exactly like a
 * command line). Not plop's CLI: it respawns node when an argument looks like a node flag
 * (`--title`, a resource's flag), which breaks the generator's arguments.
 */
const CHILD = `
const [dest, generator, answers] = process.argv.slice(-3);
const { default: nodePlop } = await import('node-plop');
const plop = await nodePlop(process.cwd() + '/plopfile.ts', { destBasePath: dest, force: false });
if (!plop.getGeneratorList().some((g) => g.name === generator)) {
  console.error("[ERROR] " + JSON.stringify(generator) + " is not a generator of this factory: update replays only the factory's own generators");
  process.exit(1);
}
const { failures } = await plop.getGenerator(generator).runActions(JSON.parse(answers));
if (failures.length) {
  console.error('[ERROR] ' + String(failures[0].error ?? failures[0].message ?? 'failed').split('\\n')[0]);
  process.exit(1);
}
`;

function runGenerator(
  factoryRoot: string,
  dest: string,
  generator: string,
  answers: Record<string, unknown>,
  home: string,
): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const args = [
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      CHILD,
      '--',
      dest,
      generator,
      JSON.stringify(answers),
    ];
    const child = spawn(process.execPath, args, {
      cwd: factoryRoot,
      // tsx (resolved from the factory, like its .npmrc does for npx) loads plopfile.ts; MCP_FACTORY_HOME
      // keeps the replayed `server` run out of the user's server catalog.
      env: { ...process.env, NODE_OPTIONS: '', MCP_FACTORY_HOME: home, FORCE_COLOR: '0', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

/** The line of plop's output that says what went wrong. */
function failureLine(output: string): string {
  const lines = output
    .replace(/\x1b\[[0-9;]*[A-Za-z]/g, '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const error =
    lines.find((l) => l.startsWith('[ERROR]')) ?? lines.find((l) => /Error\b/.test(l)) ?? lines.at(-1) ?? '';
  return error.replace(/^.*\[ERROR\]\s*/, '');
}

/**
 * Replays `runs` with the factory at `factoryRoot` into `workDir` (empty); returns the rendered
 * repo's folder. Throws one line naming the run that failed.
 */
export async function renderRuns(
  factoryRoot: string,
  runs: readonly RecordedRun[],
  ctx: ReplayContext,
  workDir: string,
  label: string,
): Promise<string> {
  const [first] = runs;
  if (first?.generator !== 'server') {
    throw new Error('.mcp-factory.json does not start with a server run: update needs the run that created the repo');
  }
  const home = fs.mkdtempSync(path.join(workDir, 'home-'));
  const parent = fs.mkdtempSync(path.join(workDir, 'render-'));
  const repo = path.join(parent, String(first.answers.name));
  for (const [index, run] of runs.entries()) {
    const answers: Record<string, unknown> = { ...run.answers };
    if (run.generator === 'server' && ctx.factorySpec) answers.factory = ctx.factorySpec;
    const specAnswer = SPEC_ANSWERS[run.generator];
    const spec = specAnswer ? run.answers[specAnswer] : undefined;
    if (typeof spec === 'string' && spec) {
      // The spec sits in the render where it sits relative to the user's repo, so the replayed run
      // records the same relative path; passed absolute because `server` resolves it from its cwd.
      // A spec far above the repo is read where it is (only the render's own record then differs).
      const source = path.resolve(ctx.userRepo, spec);
      const copy = path.resolve(repo, spec);
      if (!fs.existsSync(source)) {
        throw new Error(`cannot replay the ${run.generator} run: its OpenAPI spec ${spec} is gone from the repo`);
      }
      const inside = !path.relative(workDir, copy).startsWith('..');
      if (inside) {
        fs.mkdirSync(path.dirname(copy), { recursive: true });
        fs.copyFileSync(source, copy);
      }
      answers[specAnswer] = inside ? copy : source;
    }
    const dest = run.generator === 'server' ? parent : repo;
    const { code, output } = await runGenerator(factoryRoot, dest, run.generator, answers, home);
    if (code !== 0) {
      throw new Error(`replaying run ${index + 1} (${run.generator}) with ${label} failed: ${failureLine(output)}`);
    }
  }
  return repo;
}
