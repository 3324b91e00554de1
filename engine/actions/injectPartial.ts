// Step `injectPartial`: renders a partial and inserts it just above a named marker comment, indented
// like the marker. The file is the marker's (contract/markers.ts). A block that is already present
// changes nothing, so a second run is a no-op.
import path from 'node:path';
import { MARKERS, markerPattern, missingMarker, type MarkerName } from '../contract/markers.js';
import { renderFile } from './render.js';
import type { Data, Step } from './step.js';

export interface InjectPartialConfig<D extends Data> {
  /** The server repo, relative to the destination or absolute. */
  repo: string;
  marker: MarkerName;
  /** Partial name, e.g. `tools/register.ts.ejs` (found through the asset resolver). */
  partial: string;
  /** One block, or one per item (each checked and inserted on its own, written once: one format pass). */
  data: D | readonly D[];
}

/**
 * The source with `block` inserted above the marker line, or 'present' if the block is there already
 * (as whole lines). On the text itself, not on an array of its lines: a run adding a thousand tools
 * calls this a thousand times on a file that grows to thousands of lines.
 */
export function injectAboveMarker(source: string, marker: MarkerName, block: string): string | 'present' | 'no-marker' {
  const at = markerLine(source, marker);
  if (!at) return 'no-marker';
  const text = indented(block, at.indent);
  if (containsLines(source, text)) return 'present';
  return `${source.slice(0, at.lineStart)}${text}\n${source.slice(at.lineStart)}`;
}

/** Where the marker's line starts, and its indentation. */
function markerLine(source: string, marker: MarkerName): { lineStart: number; indent: string } | undefined {
  const found = markerPattern(marker).exec(source); // a marker is on one line: its first match is on its first line
  if (!found) return undefined;
  const lineStart = source.lastIndexOf('\n', found.index) + 1;
  const before = source.slice(lineStart, found.index); // the marker's line up to the marker: no newline in it
  return { lineStart, indent: before.slice(0, before.length - before.trimStart().length) };
}

const indented = (block: string, indent: string): string =>
  block
    .replace(/\n+$/, '')
    .split('\n')
    .map((line) => (line ? indent + line : line))
    .join('\n');

/**
 * injectAboveMarker for each block in turn, with the same result, without rebuilding the text for each: the
 * text is kept as what precedes the marker's line, the lines inserted, and the rest. A one-line block is
 * looked up in those three parts; any other block (or one holding the marker itself) goes the slow way.
 */
export function injectAllAboveMarker(
  source: string,
  marker: MarkerName,
  blocks: readonly string[],
): { source: string; inserted: number } | 'no-marker' {
  let at = markerLine(source, marker);
  if (!at) return 'no-marker';
  let head = source.slice(0, at.lineStart);
  let tail = source.slice(at.lineStart);
  let added: string[] = [];
  let addedLines = new Set<string>();
  let inserted = 0;
  for (const block of blocks) {
    const text = indented(block, at.indent);
    if (text && !text.includes('\n') && !markerPattern(marker).test(text)) {
      if (addedLines.has(text) || containsLines(head, text) || containsLines(tail, text)) continue;
      added.push(text);
      addedLines.add(text);
      inserted += 1;
      continue;
    }
    const whole = `${head}${added.map((line) => `${line}\n`).join('')}${tail}`;
    const result = injectAboveMarker(whole, marker, block);
    if (result === 'no-marker') return 'no-marker';
    if (result !== 'present') inserted += 1;
    const next = result === 'present' ? whole : result;
    at = markerLine(next, marker);
    if (!at) return 'no-marker';
    [head, tail, added, addedLines] = [next.slice(0, at.lineStart), next.slice(at.lineStart), [], new Set()];
  }
  return { source: `${head}${added.map((line) => `${line}\n`).join('')}${tail}`, inserted };
}

/** True when `text` is in `source` as whole lines (starting and ending at line boundaries). */
function containsLines(source: string, text: string): boolean {
  let at = source.indexOf(text);
  while (at >= 0) {
    const end = at + text.length;
    if ((at === 0 || source[at - 1] === '\n') && (end === source.length || source[end] === '\n')) return true;
    if (at >= source.length) return false; // an empty text is found at every position, the end included
    at = source.indexOf(text, at + 1);
  }
  return false;
}

/** One block's data or a list of them (a template's data is never itself an array). */
const isList = <D extends Data>(data: D | readonly D[]): data is readonly D[] => Array.isArray(data);

export const injectPartial = <D extends Data>({ repo, marker, partial, data }: InjectPartialConfig<D>): Step => ({
  name: 'injectPartial',
  async run({ tree, assets }) {
    const file = path.join(repo, MARKERS[marker].file);
    const shown = tree.show(file);
    const before = tree.read(file);
    if (before === undefined) throw new Error(`cannot inject into ${shown}: the file does not exist`);
    const blocks = (isList(data) ? data : [data]).map((item) => renderFile(assets.partial(partial), item, assets));
    const result = injectAllAboveMarker(before, marker, blocks);
    if (result === 'no-marker') throw new Error(missingMarker(shown, marker));
    const { source, inserted } = result;
    const what = `${partial.replace(/\.ejs$/, '')} (${assets.partialOrigin(partial)})`;
    if (inserted === 0) return `${shown}: ${what} already present`;
    await tree.write(file, source);
    return `${shown}: inject ${what}${Array.isArray(data) ? ` ×${inserted}` : ''} at ${marker}`;
  },
});
