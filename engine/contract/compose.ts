// Composition (the idea of Nx's generators calling each other on one tree): a generator's run may
// include other generators' runs. Each brings its own plan (computed by the composing generator, through
// the composed one's public face), stages its own steps in the same virtual tree, and is recorded in
// .mcp-factory.json as its own run, after the composing one, when its steps changed something. The
// whole is committed once, so a refusal in any part writes nothing. `server --auth … --persistence …
// --http` composes the auth, persistence and http generators this way; a team pack composes the same.
import type { ManifestFacts, RecordedAnswers } from '../actions/recordRun.js';
import type { Step } from '../actions/step.js';

/** What composition needs of a generator: its name, steps, record and facts for a plan of its own type. */
export interface Composable<Plan> {
  name: string;
  steps(plan: Plan): Step[];
  record(plan: Plan): RecordedAnswers | null;
  facts?(plan: Plan): ManifestFacts;
}

/** One composed run, its plan bound in: what the contract stages and records after the composing run's steps. */
export interface ComposedRun {
  /** The generator recorded for this run. */
  generator: string;
  /** The repo the run grows, relative to the composing run's repo (default: the same repo). */
  repo: string;
  steps(): Step[];
  /** Called after the steps ran (a step may complete the plan, e.g. the hashes of what it wrote). */
  record(): RecordedAnswers | null;
  facts(): ManifestFacts | undefined;
}

/** `generator`'s run with `plan`, to return from a generator's `compose(plan)`. */
export function composeRun<Plan>(generator: Composable<Plan>, plan: Plan, repo = '.'): ComposedRun {
  return {
    generator: generator.name,
    repo,
    steps: () => generator.steps(plan),
    record: () => generator.record(plan),
    facts: () => generator.facts?.(plan),
  };
}
