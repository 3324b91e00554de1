// Step `replaceRegion`: renders a partial into a region of a file, the lines between
// `mcp-factory:<marker>:begin` and `mcp-factory:<marker>:end` (e.g. the credentials section of
// README.md, which `npx plop auth` rewrites for each scheme). A region that already holds the render
// changes nothing; one that holds neither it nor `replaces`'s render (a hand edit) is refused.
import path from 'node:path';
import { MARKERS, markerText, missingMarker, type MarkerName } from '../contract/markers.js';
import { renderFile } from './render.js';
import type { Data, Step } from './step.js';

export interface ReplaceRegionConfig<D extends Data> {
  /** The server repo, relative to the destination or absolute. */
  repo: string;
  marker: MarkerName;
  partial: string;
  data: D;
  /** The data the region was rendered with before (its content may be replaced). */
  replaces?: D;
}

/** The source split around the region, or the marker line that is missing. */
export function splitRegion(
  source: string,
  marker: MarkerName,
): { before: string; inside: string; after: string } | 'no-marker' {
  const begin = source.indexOf(`${markerText(marker)}:begin`);
  const end = source.indexOf(`${markerText(marker)}:end`);
  if (begin < 0 || end < begin) return 'no-marker';
  const insideStart = source.indexOf('\n', begin) + 1;
  const insideEnd = source.lastIndexOf('\n', end) + 1;
  if (insideStart <= 0 || insideEnd < insideStart) return 'no-marker';
  return {
    before: source.slice(0, insideStart),
    inside: source.slice(insideStart, insideEnd),
    after: source.slice(insideEnd),
  };
}

export const replaceRegion = <D extends Data>({
  repo,
  marker,
  partial,
  data,
  replaces,
}: ReplaceRegionConfig<D>): Step => ({
  name: 'replaceRegion',
  async run({ tree, assets }) {
    const file = path.join(repo, MARKERS[marker].file);
    const shown = tree.show(file);
    const source = tree.read(file);
    if (source === undefined) throw new Error(`cannot change ${shown}: the file does not exist`);
    const region = splitRegion(source, marker);
    if (region === 'no-marker') throw new Error(missingMarker(shown, marker));
    const rendered = renderFile(assets.partial(partial), data, assets);
    if (region.inside === rendered) return `${shown}: ${marker} already up to date`;
    if (replaces !== undefined && region.inside !== renderFile(assets.partial(partial), replaces, assets)) {
      throw new Error(
        `${shown}: the ${marker} section was changed by hand (between its mcp-factory markers): move your changes out of it, then run again`,
      );
    }
    await tree.write(file, region.before + rendered + region.after);
    return `${shown}: ${marker} rewritten`;
  },
});
