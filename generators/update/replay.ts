// Renders a factory's version of a server repo: the repo's recorded runs replayed in order, each as
// the command line a user would type (`plop <generator> --dest <dir> -- --flag value ...`), with
// that factory's own plop, plopfile and node_modules, in a child process. The command line is the
// one interface every factory version shares, so an old factory needs nothing new to be replayed;
// the child process keeps the two factories' modules (and asset registries) apart.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Manifest, RecordedRun } from '../actions/recordRun.js';
import type { GeneratorDefinition } from '../contract/defineGenerator.js';
import type { Question } from '../contract/questions.js';
import { authGenerator } from '../auth/index.js';
import { httpGenerator } from '../http/index.js';
import { methodGenerator } from '../method/index.js';
import { openapiGenerator } from '../openapi/index.js';
import { persistenceGenerator } from '../persistence/index.js';
import { promptGenerator } from '../prompt/index.js';
import { resourceGenerator } from '../resource/index.js';
import { serverGenerator } from '../server/index.js';

// any: each generator has its own plan type; only the questions are read here.
const REPLAYABLE: ReadonlyArray<GeneratorDefinition<any>> = [
  serverGenerator,
  methodGenerator,
  resourceGenerator,
  promptGenerator,
  openapiGenerator,
  authGenerator,
  persistenceGenerator,
  httpGenerator,
];

/** Recorded answers that name a spec file, relative to the repo: copied into the render at the same place. */
const SPEC_ANSWERS: Record<string, string> = { server: 'openapi', openapi: 'spec' };

export interface ReplayContext {
  /** The user's server repo (spec files are read from it). */
  userRepo: string;
  manifest: Manifest;
  /** The user's `mcp-factory` dependency spec (package.json), given to `server --factory` so both renders agree. */
  factorySpec?: string;
}

/**
 * The flags that replay one recorded run: each recorded answer that is a question of the generator
 * (the rest are derived facts such as an OpenAPI run's file hashes), `--flag value`, or `--flag` alone
 * for a yes/no question answered yes. Refuses runs of generators the factory does not have (a team
 * pack's): update replays the factory's generators only.
 */
export function replayFlags(run: RecordedRun, ctx: ReplayContext): string[] {
  const generator = REPLAYABLE.find((g) => g.name === run.generator);
  if (!generator) {
    throw new Error(
      `.mcp-factory.json has a run of "${run.generator}", which is not an mcp-factory generator: update replays only the factory's own generators`,
    );
  }
  const questions: readonly Question[] =
    typeof generator.questions === 'function'
      ? generator.questions({ dest: ctx.userRepo, manifest: ctx.manifest })
      : generator.questions;
  const flags: string[] = [];
  for (const q of questions) {
    const value = run.answers[q.name];
    if (value === undefined || value === null) continue;
    if (q.type === 'confirm') {
      if (value === true) flags.push(`--${q.name}`);
    } else flags.push(`--${q.name}`, String(value));
  }
  if (run.generator === 'server' && ctx.factorySpec) flags.push('--factory', ctx.factorySpec);
  return flags;
}

/** The factory's plop (a devDependency of a checkout; an installed package may lack it: then this factory's). */
function plopBin(factoryRoot: string): string {
  for (const from of [factoryRoot, import.meta.dirname]) {
    try {
      return createRequire(path.join(from, 'package.json')).resolve('plop/bin/plop.js');
    } catch {
      /* next */
    }
  }
  throw new Error('cannot find plop (a devDependency of mcp-factory): run npm install in the factory');
}

function runPlop(factoryRoot: string, args: string[], home: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [plopBin(factoryRoot), ...args], {
      cwd: factoryRoot,
      // tsx loads the factory's plopfile.ts (as its .npmrc does for npx); MCP_FACTORY_HOME keeps the
      // replayed `server` run out of the user's server catalog.
      env: { ...process.env, NODE_OPTIONS: '--import tsx', MCP_FACTORY_HOME: home, FORCE_COLOR: '0', NO_COLOR: '1' },
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
  return (lines.find((l) => l.includes('[ERROR]')) ?? lines.find((l) => l.startsWith('✖')) ?? lines.at(-1) ?? '')
    .replace(/^\[ERROR\]\s*/, '')
    .replace(/^✖\s*/, '');
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
    const flags = replayFlags(run, ctx);
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
      flags[flags.indexOf(`--${specAnswer}`) + 1] = inside ? copy : source;
    }
    const dest = run.generator === 'server' ? parent : repo;
    const { code, output } = await runPlop(factoryRoot, [run.generator, '--dest', dest, '--', ...flags], home);
    if (code !== 0) {
      throw new Error(`replaying run ${index + 1} (${run.generator}) with ${label} failed: ${failureLine(output)}`);
    }
  }
  return repo;
}
