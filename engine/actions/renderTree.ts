// Step `renderTree`: renders a template folder (merged across asset layers) into the run's tree,
// deriving file names from the data (see targetName). Rendered (.ejs) files are formatted. Refuses to
// replace a file that exists with other content, so a user's edits are never overwritten; with
// `replaces`, a file still exactly as the same templates rendered it from that data is replaced.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { renderFile, targetName } from './render.js';
import type { Data, Step } from './step.js';

export interface RenderTreeConfig<D extends Data> {
  /** Template folder name, e.g. `server`, `tools/chat`, `method`. */
  from: string;
  /** Target folder, relative to the destination (or absolute). */
  to: string;
  data: D;
  /** The data a previous run rendered this folder with (e.g. the previous auth scheme). */
  replaces?: D;
  /**
   * Files a previous run wrote, by path below `to`, with the hash of what it wrote (contentHash): a
   * file still exactly as written is replaced; one changed since is refused (e.g. a tool from an
   * OpenAPI spec that changed since, when nobody edited the tool).
   */
  owned?: Readonly<Record<string, string>>;
  /**
   * The templates render this data in prettier's layout for FACTORY_STYLE already (format.ts): in a
   * repo with that style the formatting pass, tens of ms per file, is skipped.
   */
  preformatted?: boolean;
  /** A file that exists is left as it is: written once, the repo's after that (e.g. a jest file that runs a folder). */
  keepExisting?: boolean;
}

/** A short hash of a file's content, as recorded in .mcp-factory.json for `owned`. */
export const contentHash = (content: string): string => createHash('sha256').update(content).digest('hex').slice(0, 16);

export const renderTree = <D extends Data>({
  from,
  to,
  data,
  replaces,
  owned,
  preformatted,
  keepExisting,
}: RenderTreeConfig<D>): Step => ({
  name: 'renderTree',
  async run({ tree, assets }) {
    let staged = 0;
    let unchanged = 0;
    for (const [rel, file] of assets.templateFiles(from)) {
      const name = targetName(rel, data);
      const target = path.join(to, name);
      if (keepExisting && tree.read(target) !== undefined) {
        unchanged += 1;
        continue;
      }
      // Only rendered files can differ from the formatter's style; plain ones are copied as they are.
      const format = file.endsWith('.ejs') && !(preformatted && tree.factoryStyle);
      const current = owned?.[name] === undefined ? undefined : tree.read(target);
      const before =
        current !== undefined && contentHash(current) === owned?.[name]
          ? current
          : replaces && targetName(rel, replaces) === name
            ? renderFile(file, replaces, assets)
            : undefined;
      const outcome = await tree
        .create(target, renderFile(file, data, assets), { format, replaces: before })
        .catch((error: Error) => {
          // A file a previous run wrote, edited since: say so rather than "differs from the template".
          if (current === undefined || before !== undefined) throw error;
          throw new Error(
            `refusing to overwrite ${tree.show(target)}: it was changed since mcp-factory wrote it (move your changes aside or delete the file, then run again)`,
          );
        });
      if (outcome === 'staged') staged += 1;
      else unchanged += 1;
    }
    return `${from}: ${staged} file(s) to write, ${unchanged} already up to date`;
  },
});
