// Step `recordRun`: appends this generator run to the server repo's .mcp-factory.json, so later
// generators can read earlier choices (e.g. the preset) and `update` can replay them with the factory
// that made them (its version and git commit). The contract adds it to every run.
import path from 'node:path';
import { factoryStamp, type FactoryStamp } from '../factoryStamp.js';
import type { Ejection } from '../eject/ejection.js';
import { factoryVersion } from '../versions.js';
import type { Step } from './step.js';

export const MANIFEST = '.mcp-factory.json';

export interface Manifest {
  factoryVersion: string;
  preset: string;
  runs: RecordedRun[];
  /** Set by `npx plop eject`: the runtime's source is in the repo; `update` keeps it that way. */
  ejected?: Ejection;
}

export interface RecordedRun {
  generator: string;
  answers: Record<string, unknown>;
  /** The factory that made the run (absent in runs recorded before it was kept): `update`'s baseline. */
  factory?: FactoryStamp;
}

export interface RecordRunConfig {
  /** The server repo, relative to the destination or absolute. */
  repo: string;
  generator: string;
  /** The answers worth recording (never secrets, never run-only flags such as --dry-run). */
  answers: Record<string, unknown>;
}

export const recordRun = ({ repo, generator, answers }: RecordRunConfig): Step => ({
  name: 'recordRun',
  async run({ tree }) {
    const file = path.join(repo, MANIFEST);
    const existing = tree.read(file);
    const manifest: Manifest = existing
      ? JSON.parse(existing)
      : { factoryVersion, preset: String(answers.preset ?? ''), runs: [] };
    manifest.factoryVersion = factoryVersion;
    manifest.runs.push({ generator, answers, factory: factoryStamp() });
    await tree.write(file, `${JSON.stringify(manifest, null, 2)}\n`);
    return `${tree.show(file)}: record ${generator} run`;
  },
});
