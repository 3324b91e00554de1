// Every marker a generated repo carries, defined once: its name, the file it lives in, and what
// generators insert above it (or, for a region, between its `:begin` and `:end` lines). Generators inject at a marker by name, so the file comes from here,
// and a missing marker is always reported with the same words.
import fs from 'node:fs';
import path from 'node:path';

export const MARKERS = {
  'tool-imports': { file: 'src/primitives.ts', holds: "`import { x } from './tools/x.js';` of each tool" },
  tools: { file: 'src/primitives.ts', holds: 'each tool in the `tools` array' },
  'readme-tools': { file: 'README.md', holds: 'one line per tool' },
  'resource-imports': { file: 'src/primitives.ts', holds: "`import { x } from './resources/x.js';` of each resource" },
  resources: { file: 'src/primitives.ts', holds: 'each resource in the `resources` array' },
  'readme-resources': { file: 'README.md', holds: 'one line per resource' },
  'prompt-imports': { file: 'src/primitives.ts', holds: "`import { x } from './prompts/x.js';` of each prompt" },
  prompts: { file: 'src/primitives.ts', holds: 'each prompt in the `prompts` array' },
  'readme-prompts': { file: 'README.md', holds: 'one line per prompt' },
  'e2e-tests': { file: 'test/e2e/server.e2e.test.ts', holds: 'end-to-end tests of added tools' },
  'server-extras-imports': {
    file: 'src/index.ts',
    holds: 'imports of what generators wire into the server (persistence)',
  },
  'server-extras': {
    file: 'src/index.ts',
    holds: 'set-up of `extras`: a call recorder, an upstream observer, extra registrations (persistence)',
  },
  'auth-docs': {
    file: 'README.md',
    holds: 'region (`:begin` … `:end`): the credentials section and client configs, rewritten by `npx plop auth`',
    region: true,
  },
  'persistence-docs': {
    file: 'README.md',
    holds: 'region (`:begin` … `:end`): the call records section, rewritten by `npx plop persistence`',
    region: true,
  },
} as const satisfies Record<string, { file: string; holds: string; region?: true }>;

export type MarkerName = keyof typeof MARKERS;

/** The comment text generators look for. */
export const markerText = (marker: MarkerName): string => `mcp-factory:${marker}`;

/** Matches the marker, and not a longer marker it is a prefix of (`tools` vs `tools-x`). */
export const markerPattern = (marker: MarkerName): RegExp => new RegExp(`${markerText(marker)}(?![\\w-])`);

/** The one refusal for a marker that is gone. */
export const missingMarker = (file: string, marker: MarkerName): string =>
  `${file}: marker "${markerText(marker)}" not found (restore the marker comment, then run again)`;

/** Refuses (one line) unless every marker is in its file under `repo`. */
export function checkMarkers(repo: string, markers: readonly MarkerName[], verb = 'change this repo'): void {
  for (const marker of markers) {
    const { file } = MARKERS[marker];
    const abs = path.join(repo, file);
    if (!fs.existsSync(abs)) {
      // A server of the layout before the runtime's entry lists its tools in src/tools/index.ts.
      const older = file === 'src/primitives.ts' && fs.existsSync(path.join(repo, 'src/tools/index.ts'));
      throw new Error(
        `cannot ${verb}: ${file} does not exist in ${repo}${older ? " (the server predates the runtime's entry: run `npx plop update` first)" : ''}`,
      );
    }
    const source = fs.readFileSync(abs, 'utf8');
    const found =
      'region' in MARKERS[marker]
        ? source.includes(`${markerText(marker)}:begin`) && source.includes(`${markerText(marker)}:end`)
        : markerPattern(marker).test(source);
    if (!found) throw new Error(missingMarker(file, marker));
  }
}

/** The markers a generator that adds a tool injects at (`method`, `openapi`); all must be in place first. */
export const TOOL_MARKERS: readonly MarkerName[] = ['tool-imports', 'tools', 'readme-tools', 'e2e-tests'];
