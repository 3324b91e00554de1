// Renders a factory's version of a server repo: the repo's recorded runs replayed in order with that
// factory's own plopfile, generators and node_modules, in a child process (which keeps the two
// factories' modules and asset registries apart). Each run gets its recorded answers, validated
// exactly as a command line's would be; questions a newer factory added take their defaults.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { RecordedRun } from '../actions/recordRun.js';
import { REPO_OVERRIDES } from '../contract/assets.js';

/** Recorded answers that name a spec file, relative to the repo: copied into the render at the same place. */
const SPEC_ANSWERS: Record<string, string> = { server: 'openapi', openapi: 'spec' };

export interface ReplayContext {
  /** The user's server repo (spec files are read from it). */
  userRepo: string;
  /** The user's `mcp-factory` dependency spec (package.json), given to `server --factory` so both renders agree. */
  factorySpec?: string;
}

/**
 * The child process: loads the factory's plopfile with its own node-plop and runs the recorded runs
 * in order (node-plop's runActions, which the contract validates exactly like a command line), all
 * in one process (loading the factory costs more than a run). Not plop's CLI: it respawns node when
 * an argument looks like a node flag (`--title`: why resource and prompt take theirs as `--displayTitle`), which
 * breaks the arguments.
 */
const CHILD = `
import fs from 'node:fs';
import path from 'node:path';
const { default: nodePlop } = await import('node-plop');
const steps = JSON.parse(fs.readFileSync(process.argv.at(-1), 'utf8'));
for (const [index, { dest, generator, answers, copies }] of steps.entries()) {
  const fail = (message) => {
    console.error('[ERROR] run ' + (index + 1) + ' (' + generator + '): ' + String(message).split('\\n')[0]);
    process.exit(1);
  };
  for (const { from, to } of copies) {
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.cpSync(from, to, { recursive: true });
  }
  const plop = await nodePlop(process.cwd() + '/plopfile.ts', { destBasePath: dest, force: false });
  if (!plop.getGeneratorList().some((g) => g.name === generator)) {
    fail("not a generator of this factory: update replays only the factory's own generators");
  }
  const { failures } = await plop.getGenerator(generator).runActions(answers);
  if (failures.length) fail(failures[0].error ?? failures[0].message ?? 'failed');
}
`;

interface ReplayStep {
  dest: string;
  generator: string;
  answers: Record<string, unknown>;
  /** Files put in place just before the run (the repo folder exists only after the server run): specs, overrides. */
  copies: Array<{ from: string; to: string }>;
}

function runSteps(factoryRoot: string, stepsFile: string, home: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const args = ['--import', 'tsx', '--input-type=module', '-e', CHILD, '--', stepsFile];
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
  const steps = runs.map((run, index): ReplayStep => {
    const answers: Record<string, unknown> = { ...run.answers };
    if (run.generator === 'server' && ctx.factorySpec) answers.factory = ctx.factorySpec;
    const step: ReplayStep = {
      dest: run.generator === 'server' ? parent : repo,
      generator: run.generator,
      answers,
      copies: [],
    };
    // The repo's own template and partial overrides apply to the runs that grow it, as they did there.
    const overrides = path.join(ctx.userRepo, REPO_OVERRIDES);
    if (index === 1 && fs.existsSync(overrides))
      step.copies.push({ from: overrides, to: path.join(repo, REPO_OVERRIDES) });
    const specAnswer = SPEC_ANSWERS[run.generator];
    const spec = specAnswer ? run.answers[specAnswer] : undefined;
    if (typeof spec === 'string' && spec) {
      // The spec sits in the render where it sits relative to the user's repo, so the replayed run
      // records the same relative path; passed absolute because `server` resolves it from its cwd.
      // Where that is impossible (far above the repo; inside the repo before `server` made it) the
      // spec is read where it is: only the render's own record differs, and update keeps the user's.
      const source = path.resolve(ctx.userRepo, spec);
      const to = path.resolve(repo, spec);
      if (!fs.existsSync(source)) {
        throw new Error(`cannot replay the ${run.generator} run: its OpenAPI spec ${spec} is gone from the repo`);
      }
      const insideRepo = !path.relative(repo, to).startsWith('..');
      const copyable = !path.relative(workDir, to).startsWith('..') && !(run.generator === 'server' && insideRepo);
      if (copyable) step.copies.push({ from: source, to });
      answers[specAnswer] = copyable ? to : source;
    }
    return step;
  });
  const stepsFile = path.join(workDir, `${path.basename(parent)}.json`);
  fs.writeFileSync(stepsFile, JSON.stringify(steps));
  const { code, output } = await runSteps(factoryRoot, stepsFile, home);
  if (code !== 0) {
    const failure = failureLine(output);
    const ran = /^run (\d+) \(([^)]+)\): (.*)$/.exec(failure);
    throw new Error(
      ran
        ? `replaying run ${ran[1]} (${ran[2]}) with ${label} failed: ${ran[3]}`
        : `replaying the runs with ${label} failed: ${failure}`,
    );
  }
  return repo;
}
