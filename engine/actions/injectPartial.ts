// Step `injectPartial`: renders a partial and inserts it just above a named marker comment, indented
// like the marker. The file is the marker's (contract/markers.ts). A block that is already present
// changes nothing, so a second run is a no-op.
import path from 'node:path';
import { MARKERS, markerPattern, missingMarker, type MarkerName } from '../contract/markers.js';
import { renderFile } from './render.js';
import type { Data, Step } from './step.js';

export interface InjectPartialConfig {
  /** The server repo, relative to the destination or absolute. */
  repo: string;
  marker: MarkerName;
  /** Partial name, e.g. `tools/register.ts.ejs` (found through the asset resolver). */
  partial: string;
  /** One block, or one per item (each checked and inserted on its own, written once: one format pass). */
  data: Data | readonly Data[];
}

/** The source with `block` inserted above the marker line, or 'present' if the block is there already. */
export function injectAboveMarker(source: string, marker: MarkerName, block: string): string | 'present' | 'no-marker' {
  const lines = source.split('\n');
  const index = lines.findIndex((line) => markerPattern(marker).test(line));
  if (index < 0) return 'no-marker';
  const indent = lines[index].slice(0, lines[index].length - lines[index].trimStart().length);
  const blockLines = block
    .replace(/\n+$/, '')
    .split('\n')
    .map((line) => (line ? indent + line : line));
  const present = lines.some((_, i) => blockLines.every((bl, j) => lines[i + j] === bl));
  if (present) return 'present';
  lines.splice(index, 0, ...blockLines);
  return lines.join('\n');
}

export const injectPartial = ({ repo, marker, partial, data }: InjectPartialConfig): Step => ({
  name: 'injectPartial',
  async run({ tree, assets }) {
    const file = path.join(repo, MARKERS[marker].file);
    const shown = tree.show(file);
    let source = tree.read(file);
    if (source === undefined) throw new Error(`cannot inject into ${shown}: the file does not exist`);
    let inserted = 0;
    for (const item of Array.isArray(data) ? data : [data]) {
      const result = injectAboveMarker(source, marker, renderFile(assets.partial(partial), item, assets));
      if (result === 'no-marker') throw new Error(missingMarker(shown, marker));
      if (result === 'present') continue;
      source = result;
      inserted += 1;
    }
    const what = `${partial.replace(/\.ejs$/, '')} (${assets.partialOrigin(partial)})`;
    if (inserted === 0) return `${shown}: ${what} already present`;
    await tree.write(file, source);
    return `${shown}: inject ${what}${Array.isArray(data) ? ` ×${inserted}` : ''} at ${marker}`;
  },
});
