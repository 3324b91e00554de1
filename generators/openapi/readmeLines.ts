// A tool an earlier run wrote keeps exactly one README line: when its description changed with the
// spec, the line is replaced where it is (injecting the new one would leave both). The line is found
// by the partial's own text around the description, so a repo's or a pack's readme/tool.md
// override is recognised too; a partial of several lines is left to the injection.
import path from 'node:path';
import type { Step } from '../../engine/actions/index.js';
import { renderFile } from '../../engine/actions/render.js';
import { MARKERS } from '../../engine/contract/markers.js';
import type { OperationTemplateData } from './templateData.js';

const PARTIAL = 'method/readme.md.ejs';
const SLOT = '\u0000description\u0000';

export const replaceReadmeLines = (repo: string, tools: readonly OperationTemplateData[]): Step => ({
  name: 'replaceReadmeLines',
  async run({ tree, assets }) {
    const file = path.join(repo, MARKERS['readme-tools'].file);
    const source = tree.read(file);
    if (source === undefined) return `${tree.show(file)}: no README to update`; // the injection refuses
    const lines = source.split('\n');
    let replaced = 0;
    for (const data of tools.filter((t) => t.existing)) {
      const render = (description: string) =>
        renderFile(assets.partial(PARTIAL), { ...data, description }, assets).replace(/\n+$/, '');
      const [before, after, ...more] = render(SLOT).split(SLOT);
      if (after === undefined || more.length || `${before}${after}`.includes('\n')) continue;
      const line = render(data.readmeLine);
      const found = lines.flatMap((l, i) => (l.trimStart().startsWith(before) && l.endsWith(after) ? [i] : []));
      if (!found.length) continue;
      const [first, ...extra] = found;
      const updated = `${lines[first].slice(0, lines[first].length - lines[first].trimStart().length)}${line}`;
      if (updated === lines[first] && !extra.length) continue;
      lines[first] = updated;
      for (const i of extra.reverse()) lines.splice(i, 1); // lines an older factory added twice
      replaced += 1;
    }
    if (!replaced) return `${tree.show(file)}: README lines of the tools already up to date`;
    await tree.write(file, lines.join('\n'));
    return `${tree.show(file)}: ${replaced} tool line(s) replaced with their new description`;
  },
});
