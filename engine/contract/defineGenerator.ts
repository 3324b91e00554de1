// The one generator contract, for the factory's generators and a team's alike. A generator states
// only what differs: its questions, how answers become a plan (validation included), the steps that
// plan stages, what to record and what to say at the end. The contract owns the rest:
//   prompts    every question is also a flag; --help, --yes, --dry-run; nothing asked when not a terminal
//   validation answers resolved and checked, then plan(): one line on failure, before any write
//   staging    one virtual tree per run; steps read and write through it, find assets through one resolver
//   recording  the run appended to the server repo's .mcp-factory.json (unless it changed nothing)
//   commit     every staged file written atomically at the end, or listed on --dry-run
import fs from 'node:fs';
import path from 'node:path';
import type { CustomActionFunction, NodePlopAPI, PlopGeneratorConfig } from 'node-plop';
import { commitTree } from '../actions/commitTree.js';
import {
  MANIFEST,
  recordRun,
  type Manifest,
  type ManifestFacts,
  type RecordedAnswers,
  type RecordedValue,
} from '../actions/recordRun.js';
import type { Step } from '../actions/step.js';
import { Tree } from '../actions/tree.js';
import { FACTORY_STYLE, formatterFor } from '../format.js';
import { factoryVersion } from '../versions.js';
import { assetsFor } from './assets.js';
import type { ComposedRun } from './compose.js';
import { adaptPlopCli } from './plopCli.js';
import {
  collectAnswers,
  question,
  resolveAnswers,
  type AnswersOf,
  type GivenAnswers,
  type Question,
} from './questions.js';

/** The answers a run is given (flags, prompts, a program, a replayed record): before checks and parsing. */
export type Answers = GivenAnswers;
export type { RecordedAnswers, RecordedValue };

export interface GeneratorContext {
  /** plop's destination: `--dest`, or the folder of the plopfile that loaded the generator. */
  dest: string;
  /**
   * The server repo's manifest, read before anything is asked (a `repo` generator refuses outside a server
   * repo). A `new` generator's repo does not exist yet: its manifest is an empty one.
   */
  manifest: Manifest;
}

/**
 * One generator. `Qs` are its questions: plan() receives their parsed answers, typed by AnswersOf (a
 * question built with `question()` and a `parse` gives its answer's type; `--dry-run` is the contract's).
 */
export interface GeneratorSpec<
  Qs extends readonly Question[],
  Plan,
  Recorded extends RecordedAnswers = RecordedAnswers,
> {
  name: string;
  /** One line for the generator list. */
  description: string;
  /** `repo`: grows the server repo at the destination (it must have .mcp-factory.json); `new`: creates one. */
  target: 'repo' | 'new';
  /** Every question is also a flag. `--dry-run` is added by the contract. */
  questions: Qs | ((ctx: GeneratorContext) => Qs);
  /** Checks the resolved answers against the target and derives everything the steps need; throws one line. */
  plan(answers: AnswersOf<Qs>, ctx: GeneratorContext): Plan | Promise<Plan>;
  /** The server repo this run writes, relative to the destination or absolute (default: the destination). */
  repo?(plan: Plan): string;
  /** One line shown once the answers are valid. */
  summary(plan: Plan): string;
  /** The staged work. */
  steps(plan: Plan): Step[];
  /**
   * The answers worth recording in .mcp-factory.json (never secrets). `null`: the run is not recorded
   * (`update` rewrites the manifest itself; a recorded update would be replayed by the next one).
   */
  record(plan: Plan): Recorded | null;
  /** What this run makes true of the repo for later generators (env prefix, auth scheme, …), kept in the manifest. */
  facts?(plan: Plan): ManifestFacts;
  /**
   * Other generators' runs this run includes (compose.ts `composeRun`), in order: staged after this run's
   * steps in the same tree, each recorded as its own run after this one when its steps changed something.
   */
  compose?(plan: Plan): ComposedRun[];
  /** What to do next, shown after a real (not dry) run. */
  nextSteps(plan: Plan): string;
}

/** What a pack registers and documents of a generator, whatever its answers and plan types. */
export interface PackGenerator {
  name: string;
  description: string;
  target: 'repo' | 'new';
  /** The plop generator config, with `source` (the pack's name) shown in the generator list. */
  toPlop(plop: NodePlopAPI, source: string): Partial<PlopGeneratorConfig>;
  /** Every question this generator asks in `ctx` (each also a flag), `--dry-run` included: what `--help` lists. */
  questionsOf(ctx: GeneratorContext): Question[];
}

export interface GeneratorDefinition<
  Plan = unknown,
  Qs extends readonly Question[] = readonly Question[],
  Recorded extends RecordedAnswers = RecordedAnswers,
>
  extends GeneratorSpec<Qs, Plan, Recorded>, PackGenerator {}

const dryRunQuestion = question({
  name: 'dryRun',
  message: 'Dry run',
  type: 'confirm',
  flagOnly: true,
  help: 'print what would be written; write nothing',
  default: () => false,
  parse: (value) => value === true,
});

/** The repo's manifest; refuses (naming the folder) when there is none. */
export function readManifest(repo: string): Manifest {
  const file = path.join(repo, MANIFEST);
  if (!fs.existsSync(file)) {
    throw new Error(
      `not inside an MCP server repo: no ${MANIFEST} in ${repo} (run inside a repo made by \`npx plop server\`, or pass --dest <server-repo>)`,
    );
  }
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest;
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${(error as Error).message.split('\n')[0]}`);
  }
}

interface Run<Plan> {
  plan: Plan;
  /** Everything the run would write. */
  tree: Tree;
  /** The summary, then one line per step. */
  lines: string[];
  dryRun: boolean;
}

/** A composed run's steps in the composing run's tree (seen from its repo), then its record when they changed something. */
async function stageComposed(run: ComposedRun, parent: Tree, dest: string): Promise<string[]> {
  const tree = parent.at(run.repo);
  const assets = assetsFor(dest, path.relative(path.resolve(dest), tree.root) || '.');
  const before = tree.revision;
  const lines = [`${run.generator}:`];
  for (const step of run.steps()) lines.push(`  ${await step.run({ tree, assets })}`);
  const recorded = tree.revision !== before ? run.record() : null;
  if (recorded) {
    const record = recordRun({ repo: '.', generator: run.generator, answers: recorded, facts: run.facts() });
    lines.push(`  ${await record.run({ tree, assets })}`);
  }
  return lines;
}

export function defineGenerator<
  const Qs extends readonly Question[],
  Plan,
  Recorded extends RecordedAnswers = RecordedAnswers,
>(spec: GeneratorSpec<Qs, Plan, Recorded>): GeneratorDefinition<Plan, Qs, Recorded> {
  const contextOf = (dest: string): GeneratorContext => ({
    dest,
    manifest: spec.target === 'repo' ? readManifest(dest) : { factoryVersion, preset: '', runs: [] },
  });
  const questionsOf = (ctx: GeneratorContext): Question[] => [...specQuestions(ctx), dryRunQuestion];
  const specQuestions = (ctx: GeneratorContext): Qs =>
    typeof spec.questions === 'function' ? spec.questions(ctx) : spec.questions;

  /**
   * Validates everything, then stages every step in a fresh tree, so any refusal (a bad answer, a
   * missing marker, a file edited by hand) comes before anything is written. The run is recorded
   * only when the steps changed something.
   */
  async function stage(raw: Answers, dest: string): Promise<Run<Plan>> {
    const ctx = contextOf(dest);
    const answers = resolveAnswers(specQuestions(ctx), raw);
    const { dryRun } = resolveAnswers([dryRunQuestion], raw);
    const plan = await spec.plan(answers, ctx);
    const repo = spec.repo?.(plan) ?? '.';
    const assets = assetsFor(dest, repo);
    const tree = new Tree(
      dest,
      formatterFor(path.resolve(dest, repo), spec.target === 'new' ? FACTORY_STYLE : undefined),
    );
    const lines = [spec.summary(plan)];
    for (const step of spec.steps(plan)) lines.push(await step.run({ tree, assets }));
    const recorded = tree.changes().length > 0 ? spec.record(plan) : null;
    if (recorded) {
      const facts = spec.facts?.(plan);
      lines.push(await recordRun({ repo, generator: spec.name, answers: recorded, facts }).run({ tree, assets }));
    }
    for (const run of spec.compose?.(plan) ?? []) lines.push(...(await stageComposed(run, tree.at(repo), dest)));
    return { plan, tree, lines, dryRun };
  }

  function toPlop(plop: NodePlopAPI, source: string): Partial<PlopGeneratorConfig> {
    const dest = () => plop.getDestBasePath();
    // plop hands the prompts' answers object to every action of the run: the staged run hangs off it,
    // so a command-line run is staged once (while validating its answers). The actions are async so
    // that plop reports a failure as { error: message } (a synchronous throw is kept raw).
    const runs = new WeakMap<Answers, Run<Plan>>();
    const runOf = (answers: Answers) => {
      const run = runs.get(answers);
      if (!run) throw new Error(`${spec.name}: an action ran before its run was staged`); // the first action stages it
      return run;
    };
    const actions: CustomActionFunction[] = [
      async (answers: Answers) => {
        const run = runs.get(answers) ?? (await stage(answers, dest()));
        runs.set(answers, run);
        return run.lines.join('\n');
      },
      async (answers: Answers) => commitTree(runOf(answers).tree, runOf(answers).dryRun),
      async (answers: Answers) => {
        const { dryRun, plan, tree } = runOf(answers);
        if (dryRun) return 'dry run finished: nothing was written';
        return tree.changes().length === 0 ? 'nothing changed' : spec.nextSteps(plan);
      },
    ];
    return {
      description: `${spec.description} [${source}]`,
      // Prompts, then the staging: a refusal is one `[ERROR]` line before any action runs.
      prompts: async (inquirer) => {
        await adaptPlopCli(); // before plop starts its spinner (see plopCli.ts)
        const answers = await collectAnswers(spec.name, questionsOf(contextOf(dest())), inquirer);
        runs.set(answers, await stage(answers, dest()));
        return answers;
      },
      actions,
    };
  }

  return { ...spec, toPlop, questionsOf };
}
