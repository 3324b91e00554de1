// Renders a factory's version of a server repo: the repo's recorded runs replayed in order with that
// factory's own plopfile, generators and node_modules, in a child process (which keeps the two
// factories' modules and asset registries apart). Each run gets its recorded answers, validated
// exactly as a command line's would be; questions a newer factory added take their defaults.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { RecordedRun } from '../../engine/actions/recordRun.js';
import { REPO_OVERRIDES } from '../../engine/contract/assets.js';
import { compilesItself } from '../../engine/compiled.mjs';
import { SPEC_ANSWERS, SPEC_COPIES, specCopyPath } from '../openapi/index.js';
import { bundleOlderPlopfile } from './olderFactory.js';

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
const [plopfile, stepsFile, resultsFile] = process.argv.slice(-3);
const steps = JSON.parse(fs.readFileSync(stepsFile, 'utf8'));
const recorded = [];
const runsIn = (repo) => {
  const file = path.join(repo, '.mcp-factory.json');
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')).runs : [];
};
for (const [index, { dest, repo, generator, answers, copies }] of steps.entries()) {
  const fail = (message) => {
    console.error('[ERROR] run ' + (index + 1) + ' (' + generator + '): ' + String(message).split('\\n')[0]);
    process.exit(1);
  };
  for (const { from, to } of copies) {
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.cpSync(from, to, { recursive: true });
  }
  const plop = await nodePlop(plopfile, { destBasePath: dest, force: false });
  if (!plop.getGeneratorList().some((g) => g.name === generator)) {
    fail("not a generator of this factory: update replays only the factory's own generators");
  }
  const before = runsIn(repo).length;
  const { failures } = await plop.getGenerator(generator).runActions(answers);
  if (failures.length) fail(failures[0].error ?? failures[0].message ?? 'failed');
  // The runs this step recorded: none when its steps changed nothing; its own, then those of the
  // generators it composes (a server run with --auth records a server run and an auth run).
  recorded.push(runsIn(repo).slice(before));
}
fs.writeFileSync(resultsFile, JSON.stringify(recorded));
`;

interface ReplayStep {
  dest: string;
  /** The render's repo folder (its manifest says which run the step recorded). */
  repo: string;
  generator: string;
  answers: Record<string, unknown>;
  /** Files put in place just before the run (the repo folder exists only after the server run): specs, overrides. */
  copies: Array<{ from: string; to: string }>;
}

/**
 * The factory's plopfile for the child, and the child's node flags: a factory that compiles itself
 * (engine/compiled.mjs) is loaded through its package entry, compiled (index.js); an older one from its plopfile.ts
 * bundled into a folder of its own inside the factory (olderFactory.ts, removed after the run), or where that cannot
 * be built (a read-only copy) through tsx, as it was run then.
 */
async function childEntry(factoryRoot: string): Promise<{ plopfile: string; flags: string[]; bundled?: string }> {
  if (compilesItself(factoryRoot)) return { plopfile: path.join(factoryRoot, 'index.js'), flags: [] };
  let bundled: string | undefined;
  try {
    bundled = fs.mkdtempSync(path.join(factoryRoot, '.mcp-factory-replay-'));
    return { plopfile: await bundleOlderPlopfile(factoryRoot, path.join(bundled, 'plopfile.mjs')), flags: [], bundled };
  } catch {
    if (bundled) fs.rmSync(bundled, { recursive: true, force: true });
    return throughTsx(factoryRoot);
  }
}

const throughTsx = (factoryRoot: string) => ({
  plopfile: path.join(factoryRoot, 'plopfile.ts'),
  flags: ['--import', 'tsx'],
});

function spawnChild(
  factoryRoot: string,
  { plopfile, flags }: { plopfile: string; flags: string[] },
  stepsFile: string,
  resultsFile: string,
  home: string,
): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const args = [...flags, '--input-type=module', '-e', CHILD, '--', plopfile, stepsFile, resultsFile];
    const child = spawn(process.execPath, args, {
      cwd: factoryRoot,
      // tsx (resolved from the factory, like its .npmrc does for npx) loads an older factory's plopfile.ts;
      // MCP_FACTORY_HOME keeps the replayed `server` run out of the user's server catalog.
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

/**
 * Runs the steps in a child process with the factory at `factoryRoot`. A bundled older factory that fails is run
 * again through tsx, and that run's outcome stands: the bundle only saves time, it never decides a replay's result
 * (the same failure, a recorded run the factory refuses, then costs its time twice).
 */
async function runSteps(
  factoryRoot: string,
  stepsFile: string,
  resultsFile: string,
  home: string,
  startOver: () => void,
): Promise<{ code: number; output: string }> {
  const entry = await childEntry(factoryRoot);
  try {
    const result = await spawnChild(factoryRoot, entry, stepsFile, resultsFile, home);
    if (result.code === 0 || !entry.bundled) return result;
  } finally {
    if (entry.bundled) fs.rmSync(entry.bundled, { recursive: true, force: true });
  }
  startOver(); // what the failed run wrote: the tsx run starts from the same empty folders
  return spawnChild(factoryRoot, throughTsx(factoryRoot), stepsFile, resultsFile, home);
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
 * What a render made: the repo folder, and for each recorded run the runs its replay recorded (none: it
 * changed nothing; several: its generator composes others, as a server run recorded with --auth does now).
 */
export interface Render {
  repo: string;
  recorded: RecordedRun[][];
}

/** How many folders above the repo the recorded spec paths reach (`../../specs/x.yaml`: 2). */
const depthAbove = (runs: readonly RecordedRun[]): number =>
  Math.max(
    0,
    ...runs.map((run) => {
      const spec = run.answers[SPEC_ANSWERS[run.generator]?.path ?? ''];
      return typeof spec === 'string'
        ? path
            .normalize(spec)
            .split(path.sep)
            .filter((p) => p === '..').length
        : 0;
    }),
  );

/** The file a run's spec is replayed from: its copy in the repo when the run recorded one, else the recorded path. */
function specSource(run: RecordedRun, index: number, userRepo: string): string | undefined {
  const names = SPEC_ANSWERS[run.generator];
  if (!names) return undefined;
  const spec = run.answers[names.path];
  if (typeof spec !== 'string' || !spec) return undefined;
  const hash = run.answers[names.hash];
  const which = `run ${index + 1} (${run.generator})`;
  if (typeof hash === 'string' && hash) {
    const copy = specCopyPath(hash, spec);
    if (!fs.existsSync(path.join(userRepo, copy)))
      throw new Error(`cannot replay ${which}: its copy of the spec, ${copy}, is gone (restore it from git)`);
    return path.join(userRepo, copy);
  }
  // Recorded before runs kept a copy: the spec file where the run read it.
  const source = path.resolve(userRepo, spec);
  if (!fs.existsSync(source))
    throw new Error(`cannot replay ${which}: its OpenAPI spec ${spec} is gone from the repo (put it back there)`);
  return source;
}

/**
 * Replays `runs` with the factory at `factoryRoot` into `workDir` (empty); returns the rendered
 * repo and what each run recorded. Throws one line naming the run that failed.
 */
export async function renderRuns(
  factoryRoot: string,
  runs: readonly RecordedRun[],
  ctx: ReplayContext,
  workDir: string,
  label: string,
): Promise<Render> {
  const [first] = runs;
  if (first?.generator !== 'server') {
    throw new Error('.mcp-factory.json does not start with a server run: update needs the run that created the repo');
  }
  const home = fs.mkdtempSync(path.join(workDir, 'home-'));
  const render = fs.mkdtempSync(path.join(workDir, 'render-'));
  // The repo sits as deep in its own render folder as recorded specs reach above it: each spec goes
  // where it was relative to the repo (so replays record the same paths), and never where the other
  // render, running at the same time, puts its own version of it.
  const parent = path.join(render, ...Array.from({ length: depthAbove(runs) }, (_, i) => `up${i}`));
  fs.mkdirSync(parent, { recursive: true });
  const repo = path.join(parent, String(first.answers.name));
  const steps = runs.map((run, index): ReplayStep => {
    const answers: Record<string, unknown> = { ...run.answers };
    if (run.generator === 'server' && ctx.factorySpec) answers.factory = ctx.factorySpec;
    // A render is compared file by file, never committed: no `git init` there (a factory from before the
    // question ignores the answer).
    if (run.generator === 'server') answers.git = false;
    const step: ReplayStep = {
      dest: run.generator === 'server' ? parent : repo,
      repo,
      generator: run.generator,
      answers,
      copies: [],
    };
    // The repo's own template and partial overrides apply to the runs that grow it, as they did
    // there (not its spec copies: each run writes its own).
    const overrides = path.join(ctx.userRepo, REPO_OVERRIDES);
    if (index === 1 && fs.existsSync(overrides)) {
      const copies = path.join(ctx.userRepo, SPEC_COPIES);
      for (const entry of fs
        .readdirSync(overrides)
        .map((e) => path.join(overrides, e))
        .filter((e) => e !== copies))
        step.copies.push({ from: entry, to: path.join(repo, REPO_OVERRIDES, path.basename(entry)) });
    }
    const source = specSource(run, index, ctx.userRepo);
    if (source) {
      const specAnswer = SPEC_ANSWERS[run.generator].path;
      // The spec, as this run read it, goes where it was relative to the user's repo, so the replayed
      // run records the same relative path; passed absolute because `server` resolves it from its
      // cwd. A server run's spec inside the repo cannot be put there before the repo exists: it is
      // read where it is (only the render's own record differs, and update keeps the user's).
      const to = path.resolve(repo, String(run.answers[specAnswer]));
      const insideRepo = !path.relative(repo, to).startsWith('..');
      const copyable = !path.relative(render, to).startsWith('..') && !(run.generator === 'server' && insideRepo);
      if (copyable) step.copies.push({ from: source, to });
      answers[specAnswer] = copyable ? to : source;
    }
    return step;
  });
  const stepsFile = path.join(workDir, `${path.basename(render)}.json`);
  const resultsFile = path.join(workDir, `${path.basename(render)}.recorded.json`);
  fs.writeFileSync(stepsFile, JSON.stringify(steps));
  const startOver = () => {
    for (const folder of [home, render]) {
      fs.rmSync(folder, { recursive: true, force: true });
      fs.mkdirSync(folder);
    }
    fs.mkdirSync(parent, { recursive: true });
  };
  const { code, output } = await runSteps(factoryRoot, stepsFile, resultsFile, home, startOver);
  if (code !== 0) {
    const failure = failureLine(output);
    const ran = /^run (\d+) \(([^)]+)\): (.*)$/.exec(failure);
    throw new Error(
      ran
        ? `replaying run ${ran[1]} (${ran[2]}) with ${label} failed: ${ran[3]}`
        : `replaying the runs with ${label} failed: ${failure}`,
    );
  }
  return { repo, recorded: JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as RecordedRun[][] };
}
