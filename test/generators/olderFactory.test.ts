// An older factory's plopfile.ts bundled for update's replay (generators/update/olderFactory.ts): one module that
// behaves as its sources did through tsx, where it matters to a factory: each source module's import.meta is its own
// (templates found beside the code), text that merely reads "import.meta.url" stays text, npm packages are the
// factory's own. Where the bundle does not behave (an import() of a path it computes), the replay runs through tsx.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { bundleOlderPlopfile } from '../../generators/update/olderFactory.js';
import { renderRuns } from '../../generators/update/replay.js';
import { FACTORY_ROOT, tempDir } from '../helpers/fsSnapshot.js';

function olderFactory(): string {
  const root = tempDir('mcp-factory-older-');
  const write = (file: string, content: string) => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), content);
  };
  write(
    'generators/server/index.ts',
    [
      "import fs from 'node:fs';",
      "import path from 'node:path';",
      'export const where = { url: import.meta.url, dirname: import.meta.dirname, filename: import.meta.filename };',
      "export const template = fs.readFileSync(path.join(import.meta.dirname, 'files/README.md.ejs'), 'utf8');",
      "export const generated = 'const here = import.meta.url;';",
    ].join('\n'),
  );
  write('generators/server/files/README.md.ejs', '# <%= name %>\n');
  write(
    'plopfile.ts',
    [
      "import ejs from 'ejs';",
      "import { generated, template, where } from './generators/server/index.js';",
      'export const plopfileUrl: string = import.meta.url;',
      'export const seen = { generated, where, readme: ejs.render(template, { name: "shop" }) };',
      'export default function plopfile(): void {}',
    ].join('\n'),
  );
  fs.symlinkSync(path.join(FACTORY_ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  return root;
}

describe("an older factory's plopfile, bundled", () => {
  it('keeps each module its own import.meta, text as it is, and the npm packages of the factory', async () => {
    const root = olderFactory();
    const bundle = await bundleOlderPlopfile(root, path.join(root, '.replay', 'plopfile.mjs'));
    expect(fs.readdirSync(path.dirname(bundle))).toEqual(['plopfile.mjs']);
    const loaded = (await import(pathToFileURL(bundle).href)) as {
      plopfileUrl: string;
      seen: { generated: string; readme: string; where: Record<string, string> };
    };
    const source = path.join(root, 'generators/server/index.ts');
    expect(loaded.seen.where).toEqual({
      url: pathToFileURL(source).href,
      dirname: path.dirname(source),
      filename: source,
    });
    expect(loaded.plopfileUrl).toBe(pathToFileURL(path.join(root, 'plopfile.ts')).href);
    expect(loaded.seen.readme).toBe('# shop\n'); // the template read beside its module, rendered by the factory's ejs
    expect(loaded.seen.generated).toBe('const here = import.meta.url;');
  });

  it('throws when esbuild cannot bundle the plopfile', async () => {
    const root = olderFactory();
    fs.writeFileSync(
      path.join(root, 'plopfile.ts'),
      "import { missing } from './nowhere.js';\nexport default missing;\n",
    );
    await expect(bundleOlderPlopfile(root, path.join(root, '.replay', 'plopfile.mjs'))).rejects.toThrow(/nowhere/);
  });
});

describe("update's replay of an older factory", () => {
  it('runs again through tsx when the bundled factory fails, and leaves no bundle behind', async () => {
    const root = tempDir('mcp-factory-older-');
    fs.mkdirSync(path.join(root, 'generators'));
    fs.writeFileSync(path.join(root, 'package.json'), '{ "type": "module" }\n');
    // A generator module found by a path computed at run time: beside plopfile.ts through tsx, nowhere from a bundle.
    fs.writeFileSync(
      path.join(root, 'generators/server.ts'),
      'export const readme = (name: string): string => `# ${name}\\n`;\n',
    );
    fs.writeFileSync(
      path.join(root, 'plopfile.ts'),
      [
        "const { readme } = await import(['.', 'generators', 'server.js'].join('/'));",
        'export default function plopfile(plop: any): void {',
        "  plop.setGenerator('server', {",
        '    prompts: [],',
        "    actions: (answers: { name: string }) => [{ type: 'add', path: '{{name}}/README.md', template: readme(answers.name) }],",
        '  });',
        '}',
      ].join('\n'),
    );
    fs.symlinkSync(path.join(FACTORY_ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
    const workDir = tempDir('mcp-factory-older-work-');
    const render = await renderRuns(
      root,
      [{ generator: 'server', answers: { name: 'shop' } }],
      { userRepo: tempDir() },
      workDir,
      'the older factory',
    );
    expect(fs.readFileSync(path.join(render.repo, 'README.md'), 'utf8')).toBe('# shop\n');
    expect(render.recorded).toEqual([[]]);
    expect(fs.readdirSync(root).filter((name) => name.startsWith('.mcp-factory-replay-'))).toEqual([]);
  });
});
