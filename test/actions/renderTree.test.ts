// renderTree alone, on a virtual tree over a temp folder: a file that exists with other content is refused (a
// user's edit is never overwritten), or with `keepExisting` left as it is; a missing file is written either way.
import { describe, expect, it } from '@jest/globals';
import { renderTree } from '../../engine/actions/renderTree.js';
import { Tree } from '../../engine/actions/tree.js';
import { AssetResolver } from '../../engine/contract/assets.js';
import { folderWith } from '../helpers/fsSnapshot.js';

const template = 'a jest file that runs a folder\n';
const layerRoot = folderWith({ 'generators/t/files/test/runner.test.ts': template }, 'mcp-factory-layer-render-');
const assets = new AssetResolver([{ name: 'test', root: layerRoot }]);

const treeWith = (files: Record<string, string>): Tree => new Tree(folderWith(files));

describe('renderTree', () => {
  it('writes a missing file, with or without keepExisting', async () => {
    for (const keepExisting of [false, true]) {
      const tree = treeWith({});
      const summary = await renderTree({ from: 't/files', to: '.', data: {}, keepExisting }).run({ tree, assets });
      expect(summary).toBe('t/files: 1 file(s) to write, 0 already up to date');
      expect(tree.read('test/runner.test.ts')).toBe(template);
    }
  });

  it('refuses to replace a file with other content', async () => {
    const tree = treeWith({ 'test/runner.test.ts': 'edited\n' });
    await expect(renderTree({ from: 't/files', to: '.', data: {} }).run({ tree, assets })).rejects.toThrow(
      'refusing to overwrite test/runner.test.ts: it exists and differs from the template',
    );
  });

  it('with keepExisting, leaves a file that exists as it is', async () => {
    const tree = treeWith({ 'test/runner.test.ts': 'edited\n' });
    const step = renderTree({ from: 't/files', to: '.', data: {}, keepExisting: true });
    expect(await step.run({ tree, assets })).toBe('t/files: 0 file(s) to write, 1 already up to date');
    expect(tree.changes()).toEqual([]);
    expect(tree.read('test/runner.test.ts')).toBe('edited\n');
  });
});
