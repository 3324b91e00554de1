// The asset resolver: search order (repo overrides, packs last-loaded first, factory), template
// folders merged file by file, clear refusals, and the pack list of one load phase.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import {
  AssetResolver,
  assetsFor,
  beginLoading,
  packLayers,
  registerPackAssets,
  REPO_OVERRIDES,
  templateFolderBefore,
} from '../../engine/contract/assets.js';
import { FACTORY_ROOT, folderWith, tempDir } from '../helpers/fsSnapshot.js';

const layer = (name: string, files: Record<string, string>) => ({
  name,
  root: folderWith(files, `mcp-factory-layer-${name}-`),
});

describe('AssetResolver', () => {
  // `top` is laid out as the factory is (a generator's templates in generators/<name>/files/, its partials in
  // partials/<name>/); `bottom` as packs were before (templates/<name>/, partials such as readme/tool.md.ejs).
  const top = layer('top', { 'partials/a.ejs': 'top a', 'generators/t/files/x.txt': 'top x' });
  const bottom = layer('bottom', {
    'partials/a.ejs': 'bottom a',
    'partials/b.ejs': 'bottom b',
    'partials/readme/tool.md.ejs': 'bottom readme line',
    'templates/t/x.txt': 'bottom x',
    'templates/t/sub/y.txt': 'bottom y',
  });
  const assets = new AssetResolver([top, bottom]);

  it('finds a partial in the first layer that has it', () => {
    expect(assets.partial('a.ejs')).toBe(path.join(top.root, 'partials/a.ejs'));
    expect(assets.partial('b.ejs')).toBe(path.join(bottom.root, 'partials/b.ejs'));
    expect(assets.partialOrigin('a.ejs')).toBe('top');
    expect(assets.partialOrigin('b.ejs')).toBe('bottom');
  });

  it('finds a moved partial under its earlier name in a layer of the earlier layout', () => {
    expect(assets.partial('method/readme.md.ejs')).toBe(path.join(bottom.root, 'partials/readme/tool.md.ejs'));
    const both = layer('both', {
      'partials/method/readme.md.ejs': 'new place',
      'partials/readme/tool.md.ejs': 'old place',
    });
    expect(new AssetResolver([both]).partial('method/readme.md.ejs')).toBe(
      path.join(both.root, 'partials/method/readme.md.ejs'),
    );
  });

  it('merges a template folder file by file across layers and layouts, the first layer winning', () => {
    expect([...assets.templateFiles('t/files')]).toEqual([
      ['sub/y.txt', path.join(bottom.root, 'templates/t/sub/y.txt')],
      ['x.txt', path.join(top.root, 'generators/t/files/x.txt')],
    ]);
  });

  it('names the earlier place of every template folder', () => {
    expect(templateFolderBefore('server/files')).toBe('server');
    expect(templateFolderBefore('server/presets/chat')).toBe('tools/chat');
    expect(templateFolderBefore('openapi/files/tool')).toBe('openapi/tool');
    expect(templateFolderBefore('team-status/files')).toBe('team-status');
    // every template folder the factory's generators name exists in the factory itself
    const factory = new AssetResolver([{ name: 'mcp-factory', root: FACTORY_ROOT }]);
    for (const folder of [
      'server/files',
      'server/presets/ping',
      'auth/files',
      'openapi/files/tool',
      'fixtures/files/tool',
    ])
      expect(factory.templateFiles(folder).size).toBeGreaterThan(0);
  });

  it('refuses a missing asset naming where it looked, and names that climb out', () => {
    expect(() => assets.partial('nope.ejs')).toThrow(
      `partial "nope.ejs" not found (looked in top: ${path.join(top.root, 'partials')}, bottom: ${path.join(bottom.root, 'partials')})`,
    );
    expect(() => assets.templateFiles('nope')).toThrow('template folder "nope" not found');
    expect(() => assets.partial('../templates/t/x.txt')).toThrow('must be relative, without ".."');
    expect(() => assets.templateFiles('../t')).toThrow('must be relative, without ".."');
  });
});

describe('assetsFor', () => {
  it('searches the repo overrides, then packs from the last loaded, then the factory', () => {
    const dest = tempDir();
    fs.mkdirSync(path.join(dest, REPO_OVERRIDES));
    const [first, second] = [layer('first', {}), layer('second', {})];
    registerPackAssets(dest, first);
    registerPackAssets(dest, second);
    registerPackAssets(dest, first); // loaded again: keeps its place
    expect(assetsFor(dest, '.').layers.map((l) => l.name)).toEqual([
      'repo overrides',
      'second',
      'first',
      'mcp-factory',
    ]);
    expect(assetsFor(dest).layers.map((l) => l.name)).toEqual(['second', 'first', 'mcp-factory']);
    expect(assetsFor(dest).layers.at(-1)?.root).toBe(FACTORY_ROOT);
  });

  it('starts a new pack list with the first load after a run', () => {
    const dest = tempDir();
    registerPackAssets(dest, layer('old', {}));
    beginLoading(dest); // the factory loaded in the same phase: the pack stays
    expect(packLayers(dest).map((l) => l.name)).toEqual(['old']); // a run
    beginLoading(dest); // a new plopfile loads the factory only
    expect(packLayers(dest)).toEqual([]);
  });
});
