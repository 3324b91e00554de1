// Step `renderTree`: renders a template folder (merged across asset layers) into the run's tree,
// deriving file names from the data (see targetName). Rendered (.ejs) files are formatted. Refuses to
// replace a file that exists with other content, so a user's edits are never overwritten; with
// `replaces`, a file still exactly as the same templates rendered it from that data is replaced.
import path from 'node:path';
import { renderFile, targetName } from './render.js';
import type { Data, Step } from './step.js';

export interface RenderTreeConfig {
  /** Template folder name, e.g. `server`, `tools/chat`, `method`. */
  from: string;
  /** Target folder, relative to the destination (or absolute). */
  to: string;
  data: Data;
  /** The data a previous run rendered this folder with (e.g. the previous auth scheme). */
  replaces?: Data;
}

export const renderTree = ({ from, to, data, replaces }: RenderTreeConfig): Step => ({
  name: 'renderTree',
  async run({ tree, assets }) {
    let staged = 0;
    let unchanged = 0;
    for (const [rel, file] of assets.templateFiles(from)) {
      const target = path.join(to, targetName(rel, data));
      // Only rendered files can differ from the formatter's style; plain ones are copied as they are.
      const format = file.endsWith('.ejs');
      const before =
        replaces && targetName(rel, replaces) === targetName(rel, data)
          ? renderFile(file, replaces, assets)
          : undefined;
      if ((await tree.create(target, renderFile(file, data, assets), { format, replaces: before })) === 'staged')
        staged += 1;
      else unchanged += 1;
    }
    return `templates/${from}: ${staged} file(s) to write, ${unchanged} already up to date`;
  },
});
