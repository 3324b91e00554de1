// Step `recordRun`: appends this generator run to the server repo's .mcp-factory.json, so later
// generators can read earlier choices (e.g. the preset) and `update` can replay them with the factory
// that made them (its version and git commit). The contract adds it to every run.
import path from 'node:path';
import { factoryStamp, type FactoryStamp } from '../factoryStamp.js';
import { factoryVersion } from '../versions.js';
import type { Step } from './step.js';

export const MANIFEST = '.mcp-factory.json';

/**
 * What later generators need to know about the repo, kept up to date by the runs that change it, so that
 * none of them parses generated code (the preset is the manifest's own `preset`).
 */
export interface ManifestFacts {
  /** The env prefix of every variable the server reads (`ACME_SEARCH`, `GEMINI`). */
  envPrefix?: string;
  /** The upstream auth scheme in place. */
  auth?: string;
  /** The persistence backend in place. */
  persistence?: string;
}

export interface Manifest {
  factoryVersion: string;
  preset: string;
  /** Absent in repos recorded before facts were kept: readers fall back to what they did before. */
  facts?: ManifestFacts;
  runs: RecordedRun[];
  /** Set by `npx plop eject`: the runtime's source is in the repo; `update` keeps it that way. */
  ejected?: Ejection;
}

/** Recorded in .mcp-factory.json as `ejected` by `npx plop eject` (generators/eject/ejection.ts derives it). Paths are relative to the repo, `/`-separated. */
export interface Ejection {
  /** The runtime version that was copied. */
  version: string;
  /** The folder the runtime's src/ was copied to, e.g. `src/runtime`. */
  dir: string;
  /** Export subpath (`.`, `./tool`, or a pattern `./x/*`) → the copied source file (`*` substituted). */
  modules: Record<string, string>;
  /** Bin name → the copied source file it runs. */
  bins: Record<string, string>;
  /** What the copy needs at run time: name → version range. */
  dependencies: Record<string, string>;
  /**
   * What the copy needs to type-check: its optional peers (a module of it uses them only when the server
   * does) and the type packages of its dependencies that the runtime builds with.
   */
  devDependencies: Record<string, string>;
  /** Package files that are not built from src/ (a bin shipped as is) → where they are copied. */
  shipped?: Record<string, string>;
}

/** A value .mcp-factory.json can keep. */
export type RecordedValue = string | number | boolean | null | readonly RecordedValue[] | RecordedAnswers;
/** What a run records of its answers (never secrets): JSON, read back by later generators and by `update`. */
export interface RecordedAnswers {
  readonly [name: string]: RecordedValue | undefined;
}

export interface RecordedRun {
  generator: string;
  answers: RecordedAnswers;
  /** The factory that made the run (absent in runs recorded before it was kept): `update`'s baseline. */
  factory?: FactoryStamp;
}

export interface RecordRunConfig {
  /** The server repo, relative to the destination or absolute. */
  repo: string;
  generator: string;
  /** The answers worth recording (never secrets, never run-only flags such as --dry-run). */
  answers: RecordedAnswers;
  /** The facts this run sets (merged into the manifest's). */
  facts?: ManifestFacts;
}

export const recordRun = ({ repo, generator, answers, facts }: RecordRunConfig): Step => ({
  name: 'recordRun',
  async run({ tree }) {
    const file = path.join(repo, MANIFEST);
    const existing = tree.read(file);
    const manifest: Manifest = existing
      ? JSON.parse(existing)
      : { factoryVersion, preset: String(answers.preset ?? ''), runs: [] };
    manifest.runs.push({ generator, answers, factory: factoryStamp() });
    const { factoryVersion: _recordedBy, preset, facts: before, ...rest } = manifest;
    const merged = facts || before ? { ...before, ...facts } : undefined;
    // The facts right after the preset, the other keys in their order: a reader sees what the repo is first.
    const next: Manifest = { factoryVersion, preset, ...(merged ? { facts: merged } : {}), ...rest };
    await tree.write(file, `${JSON.stringify(next, null, 2)}\n`);
    return `${tree.show(file)}: record ${generator} run`;
  },
});
