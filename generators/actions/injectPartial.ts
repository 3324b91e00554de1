// Action `injectPartial`: renders an EJS partial and inserts it just above a named marker comment
// (`mcp-factory:<marker>`), indented like the marker. If the rendered block is already present the
// action changes nothing, so a second run is a no-op.
import path from 'node:path';
import { renderFile } from './renderTree.js';
import { treeFor } from './tree.js';
import { destOf, type ActionOf, type Answers } from './types.js';

export interface InjectPartialConfig {
  /** File to edit, relative to the destination. */
  path: string | ((answers: Answers) => string);
  /** Marker name: the file must contain a line with `mcp-factory:<marker>`. */
  marker: string;
  /** Absolute path of the EJS partial. */
  partial: string;
  vars?: (answers: Answers) => Record<string, unknown>;
}

const markerPattern = (marker: string) => new RegExp(`mcp-factory:${marker}(?![\\w-])`);

export function injectAboveMarker(source: string, marker: string, block: string): string | 'present' {
  const lines = source.split('\n');
  const index = lines.findIndex((line) => markerPattern(marker).test(line));
  if (index < 0) throw new Error(`marker "mcp-factory:${marker}" not found`);
  const indent = /^\s*/.exec(lines[index])![0];
  const blockLines = block.replace(/\n+$/, '').split('\n').map((line) => (line ? indent + line : line));
  const present = lines.some((_, i) => blockLines.every((bl, j) => lines[i + j] === bl));
  if (present) return 'present';
  lines.splice(index, 0, ...blockLines);
  return lines.join('\n');
}

export const injectPartial: ActionOf<InjectPartialConfig> = (answers, config, plop) => {
  const tree = treeFor(answers, destOf(plop));
  const file = typeof config.path === 'function' ? config.path(answers) : config.path;
  const source = tree.read(file);
  if (source === undefined) throw new Error(`cannot inject into ${tree.show(file)}: the file does not exist`);
  const block = renderFile(config.partial, { ...answers, ...(config.vars?.(answers) ?? {}) });
  let result: string;
  try {
    const injected = injectAboveMarker(source, config.marker, block);
    if (injected === 'present') return `${tree.show(file)}: ${path.basename(config.partial, '.ejs')} already present`;
    result = injected;
  } catch (error) {
    throw new Error(`${tree.show(file)}: ${(error as Error).message} (restore the marker comment, then run again)`);
  }
  tree.write(file, result);
  return `${tree.show(file)}: inject ${path.basename(config.partial, '.ejs')} at ${config.marker}`;
};
