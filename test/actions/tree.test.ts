// The virtual tree alone: reads fall through to disk, identical writes are dropped, create refuses
// to replace a file with other content, and nothing touches the disk until the commit.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { Tree } from '../../engine/actions/tree.js';
import { commitTree } from '../../engine/actions/commitTree.js';
import { FACTORY_ROOT, folderWith, snapshot, tempDir } from '../helpers/fsSnapshot.js';

const treeWith = (files: Record<string, string>): Tree => new Tree(folderWith(files));

describe('Tree', () => {
  it('reads staged content first, then the disk', async () => {
    const tree = treeWith({ 'a.txt': 'disk' });
    expect(tree.read('a.txt')).toBe('disk');
    await tree.write('a.txt', 'staged');
    expect(tree.read('a.txt')).toBe('staged');
    expect(tree.read('missing.txt')).toBeUndefined();
    expect(fs.readFileSync(tree.abs('a.txt'), 'utf8')).toBe('disk');
  });

  it('stages a removal: reads see no file, dry runs list it, the commit deletes it, and a later write undoes it', async () => {
    const tree = treeWith({ 'old.txt': 'gone soon', 'keep.txt': 'kept' });
    expect(tree.remove('missing.txt')).toBe('unchanged');
    expect(tree.remove('old.txt')).toBe('staged');
    expect(tree.read('old.txt')).toBeUndefined();
    expect(tree.changes()).toEqual([{ path: 'old.txt', kind: 'delete', content: '' }]);
    const before = snapshot(tree.root);
    expect(await commitTree(tree, true)).toContain('would delete old.txt');
    expect(snapshot(tree.root)).toEqual(before);
    expect(await commitTree(tree, false)).toBe('wrote 0 file(s): 0 created, 0 modified, 1 deleted');
    expect(fs.existsSync(tree.abs('old.txt'))).toBe(false);
    expect(fs.readFileSync(tree.abs('keep.txt'), 'utf8')).toBe('kept');

    const again = treeWith({ 'a.txt': 'disk' });
    again.remove('a.txt');
    await again.write('a.txt', 'new');
    expect(again.changes()).toEqual([{ path: 'a.txt', kind: 'modify', content: 'new' }]);
  });

  it('drops a write identical to the disk, and a later write back to the disk content', async () => {
    const tree = treeWith({ 'a.txt': 'same' });
    expect(await tree.write('a.txt', 'same')).toBe('unchanged');
    expect(await tree.write('a.txt', 'other')).toBe('staged');
    expect(await tree.write('a.txt', 'same')).toBe('unchanged');
    expect(tree.changes()).toEqual([]);
  });

  it('refuses to create over a file with other content (a user edit) unless it is what a generator wrote before', async () => {
    const tree = treeWith({ 'src/x.ts': 'edited by hand' });
    await expect(tree.create('src/x.ts', 'template')).rejects.toThrow(
      'refusing to overwrite src/x.ts: it exists and differs from the template',
    );
    expect(await tree.create('src/x.ts', 'edited by hand')).toBe('unchanged');
    await expect(tree.create('src/x.ts', 'new template', { replaces: 'what we wrote' })).rejects.toThrow(
      'refusing to overwrite src/x.ts: it was changed since mcp-factory wrote it',
    );
    expect(await tree.create('src/x.ts', 'new template', { replaces: 'edited by hand' })).toBe('staged');
    expect(await tree.create('src/new.ts', 'new')).toBe('staged');
    expect(tree.changes()).toEqual([
      { path: 'src/x.ts', kind: 'modify', content: 'new template' },
      { path: 'src/new.ts', kind: 'create', content: 'new' },
    ]);
  });

  it('commits atomically, or lists the changes on a dry run and writes nothing', async () => {
    const tree = treeWith({ 'keep.txt': 'old' });
    await tree.write('keep.txt', 'new');
    await tree.write('deep/er/file.txt', 'x');
    const before = snapshot(tree.root);
    expect(await commitTree(tree, true)).toBe(
      'dry run: 1 file(s) would be created, 1 modified; nothing written\n  would modify keep.txt\n  would create deep/er/file.txt',
    );
    expect(snapshot(tree.root)).toEqual(before);
    expect(await commitTree(tree, false)).toBe('wrote 2 file(s): 1 created, 1 modified');
    expect(fs.readFileSync(tree.abs('deep/er/file.txt'), 'utf8')).toBe('x');
    expect(fs.readdirSync(tree.root).sort()).toEqual(['deep', 'keep.txt']); // no temp files left behind
  });

  it('formats each write before comparing it with the disk', async () => {
    const tree = new Tree(treeWith({ 'a.ts': 'const a = 1;\n' }).root, async (_file, content) =>
      content.replace(/"/g, "'"),
    );
    expect(await tree.write('a.ts', 'const a = 1;\n')).toBe('unchanged');
    expect(await tree.create('b.ts', 'const b = "x";\n')).toBe('staged');
    expect(tree.read('b.ts')).toBe("const b = 'x';\n");
  });

  it('says so when there is nothing to change', async () => {
    expect(await commitTree(treeWith({}), false)).toBe('nothing to change: everything is already up to date');
  });
});

describe('commitTree under a low open-file limit', () => {
  it('writes thousands of files (an 11,000-operation spec stages 23,000) without running out of file descriptors', () => {
    const root = tempDir();
    const script = path.join(tempDir(), 'commit.mts');
    const commitModule = pathToFileURL(path.join(FACTORY_ROOT, 'engine/actions/commitTree.ts')).href;
    const treeModule = pathToFileURL(path.join(FACTORY_ROOT, 'engine/actions/tree.ts')).href;
    fs.writeFileSync(
      script,
      [
        `import { commitTree } from ${JSON.stringify(commitModule)};`,
        `import { Tree } from ${JSON.stringify(treeModule)};`,
        `const tree = new Tree(${JSON.stringify(root)});`,
        `for (let i = 0; i < 2000; i++) await tree.write(\`src/tools/t\${i}.ts\`, \`export const t\${i} = \${i};\\n\`, false);`,
        'console.log(await commitTree(tree, false));',
      ].join('\n'),
    );
    // 128 open files: written all at once, the 2,000 writes fail with EMFILE.
    const out = spawnSync('bash', ['-c', `ulimit -n 128 && exec "${process.execPath}" --import tsx "${script}"`], {
      cwd: FACTORY_ROOT,
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    expect(out.stderr).toBe('');
    expect(out.stdout.trim()).toBe('wrote 2000 file(s): 2000 created, 0 modified');
    expect(fs.readdirSync(path.join(root, 'src/tools'))).toHaveLength(2000);
  });
});
