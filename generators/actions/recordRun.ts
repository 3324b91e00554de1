// Step `recordRun`: appends this generator run to the server repo's .mcp-factory.json, so later
// generators can read earlier choices (e.g. the preset) and `update` can replay them. The contract
// adds it to every run.
import path from 'node:path';
import { factoryVersion } from '../versions.js';
import type { Step } from './step.js';

export const MANIFEST = '.mcp-factory.json';

export interface Manifest {
  factoryVersion: string;
  preset: string;
  runs: Array<{ generator: string; answers: Record<string, unknown> }>;
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
    manifest.runs.push({ generator, answers });
    await tree.write(file, `${JSON.stringify(manifest, null, 2)}\n`);
    return `${tree.show(file)}: record ${generator} run`;
  },
});
