// Action `recordRun`: appends this generator run to the server repo's .mcp-factory.json, so later
// generators can read earlier choices (e.g. the preset) and `update` can replay them.
import { treeFor } from './tree.js';
import { destOf, type ActionOf, type Answers } from './types.js';
import { factoryVersion } from '../versions.js';

export const MANIFEST = '.mcp-factory.json';

export interface RecordRunConfig {
  generator: string;
  /** Folder of the server repo, relative to the destination. */
  repo: (answers: Answers) => string;
  /** The answers worth recording (never secrets, never run-only flags). */
  pick: (answers: Answers) => Record<string, unknown>;
}

export interface Manifest {
  factoryVersion: string;
  preset: string;
  runs: Array<{ generator: string; answers: Record<string, unknown> }>;
}

export const recordRun: ActionOf<RecordRunConfig> = (answers, config, plop) => {
  const tree = treeFor(answers, destOf(plop));
  const file = `${config.repo(answers)}/${MANIFEST}`.replace(/^\.\//, '');
  const existing = tree.read(file);
  const recorded = config.pick(answers);
  const manifest: Manifest = existing
    ? JSON.parse(existing)
    : { factoryVersion, preset: String(recorded.preset ?? ''), runs: [] };
  manifest.factoryVersion = factoryVersion;
  manifest.runs.push({ generator: config.generator, answers: recorded });
  tree.write(file, `${JSON.stringify(manifest, null, 2)}\n`);
  return `${tree.show(file)}: record ${config.generator} run`;
};
