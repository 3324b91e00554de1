// File names derived from answers, and EJS rendering with includes found through the resolver.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { renderFile, targetName } from '../../engine/actions/render.js';
import { AssetResolver } from '../../engine/contract/assets.js';
import { tempDir } from '../helpers/fsSnapshot.js';

describe('targetName', () => {
  it('replaces __key__ with the answer, a leading underscore with a dot, and drops .ejs', () => {
    expect(targetName('src/tools/__toolFile__.ts.ejs', { toolFile: 'getItem' })).toBe('src/tools/getItem.ts');
    expect(targetName('test/unit/__toolFile__.test.ts.ejs', { toolFile: 'getItem' })).toBe('test/unit/getItem.test.ts');
    expect(targetName('__dir__/__name__-x.md', { dir: 'docs', name: 'a' })).toBe('docs/a-x.md');
    expect(targetName('_gitignore')).toBe('.gitignore');
    expect(targetName('_Keep/_1.txt')).toBe('_Keep/_1.txt');
    expect(targetName('plain.json')).toBe('plain.json');
  });

  it.each([
    [{}, 'undefined'],
    [{ toolFile: '' }, '""'],
    [{ toolFile: '../escape' }, '"../escape"'],
    [{ toolFile: 'a/b' }, '"a/b"'],
    [{ toolFile: 42 }, '42'],
  ])('refuses a name slot without a plain name: %j', (data, shown) => {
    expect(() => targetName('src/__toolFile__.ts.ejs', data)).toThrow(
      `template file name src/__toolFile__.ts.ejs: __toolFile__ needs a plain name in "toolFile", got ${shown}`,
    );
  });
});

describe('renderFile', () => {
  it('renders .ejs with the data and includes partials through the resolver (first layer wins)', () => {
    const [top, bottom] = [tempDir(), tempDir()];
    fs.mkdirSync(path.join(top, 'partials/common'), { recursive: true });
    fs.mkdirSync(path.join(bottom, 'partials/common'), { recursive: true });
    fs.writeFileSync(path.join(top, 'partials/common/header.ejs'), '// (c) <%= owner %>');
    fs.writeFileSync(path.join(bottom, 'partials/common/header.ejs'), '// bottom');
    const template = path.join(tempDir(), 'file.ts.ejs');
    fs.writeFileSync(template, "<%- include('common/header.ejs') %>\nexport const name = '<%= name %>';\n");
    const assets = new AssetResolver([
      { name: 'top', root: top },
      { name: 'bottom', root: bottom },
    ]);
    expect(renderFile(template, { name: 'x', owner: 'Acme' }, assets)).toBe("// (c) Acme\nexport const name = 'x';\n");
  });

  it('copies files that are not .ejs as they are', () => {
    const file = path.join(tempDir(), 'raw.ts');
    fs.writeFileSync(file, "const a = '<%= not rendered %>';\n");
    expect(renderFile(file, {})).toBe("const a = '<%= not rendered %>';\n");
  });
});
