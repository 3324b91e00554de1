// The proof that `npx plop update` moves a server made before the runtime package existed onto it: the
// factory as of its last commit without the runtime (LAST_COPYING_FACTORY, archived from this checkout's
// history) generates a server with a tool, a resource and a prompt, which holds its own copy of every
// runtime module. The user edits one copy by hand and adds a module and a test of their own that import
// copies. After the update: the untouched copies are gone, the edited one is kept and named in the report,
// the user's files import @mcp-factory/runtime, package.json depends on it, and the repo installs,
// type-checks and passes its own tests. Then the same for a server generated before the runtime's entry
// (LAST_FULL_ENTRY_FACTORY): its src/server.ts, client.ts, extras.ts and its stdio tests give way to
// @mcp-factory/runtime/main; a file it edited is kept and named; its Dockerfile stays.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect } from '@jest/globals';
import { archivedFactory, commitAll, git, grownRestServer, plopOk } from '../helpers/fixtureFactory.js';
import { FACTORY_ROOT, tempDir } from '../helpers/fsSnapshot.js';
import { expectInstall, expectTypecheckAndTests, repoShell } from '../helpers/generatedRepo.js';
import { beforeAll, it } from '../helpers/timeouts.js';

/** The factory's last commit whose servers copied the runtime into themselves. */
const LAST_COPYING_FACTORY = '542464e';

const OWN_MODULE = `// Ours: an upstream 404 as the tools report it.
import { UpstreamError } from '../errors.js';

export const notFound = (what: string): UpstreamError => new UpstreamError('not_found', \`\${what} not found\`, 404);
`;
const OWN_TEST = `import { describe, expect, it } from '@jest/globals';
import { UpstreamError } from '../../src/errors.js';
import { notFound } from '../../src/own/notFound.js';

describe('notFound', () => {
  it('is an upstream 404', () => {
    const error = notFound('item');
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.status).toBe(404);
  });
});
`;

let oldFactory: string;
let repo: string;
const read = (file: string) => fs.readFileSync(path.join(repo, file), 'utf8');
const exists = (file: string) => fs.existsSync(path.join(repo, file));

describe('a server generated before the runtime package', () => {
  beforeAll(() => {
    // The old factory: its files from git, this factory's node_modules.
    oldFactory = archivedFactory(LAST_COPYING_FACTORY, 'mcp-factory-old-factory-');
    repo = grownRestServer(oldFactory, tempDir('mcp-factory-e2e-migrate-'), 'legacy');
    expect(exists('src/defineTool.ts')).toBe(true); // an old-style repo: the runtime copied in
    expect(read('package.json')).not.toContain('@mcp-factory/runtime');

    // The user's work: one runtime copy edited by hand, a module and a test of their own.
    fs.appendFileSync(path.join(repo, 'src/secrets.ts'), '\n// Reviewed by us: secrets never leave the process.\n');
    fs.mkdirSync(path.join(repo, 'src/own'));
    fs.writeFileSync(path.join(repo, 'src/own/notFound.ts'), OWN_MODULE);
    fs.writeFileSync(path.join(repo, 'test/unit/notFound.test.ts'), OWN_TEST);
    commitAll(repo, 'generated before the runtime package; edited');
  }, 300_000);

  it('is moved onto it by update: copies removed, the edited one kept and named, own files rewritten, tests green', async () => {
    const output = plopOk(FACTORY_ROOT, ['update', '--dest', repo, '--', '--baseline', oldFactory]);
    expect(output).toMatch(/removed +src\/defineTool\.ts/);
    expect(output).toMatch(/removed +src\/transport\/exactStdio\.ts/);
    expect(output).toMatch(
      /unchanged +src\/secrets\.ts \(now provided by @mcp-factory\/runtime\/secrets; kept because you changed it/,
    );
    expect(output).toMatch(/updated +src\/own\/notFound\.ts \(imports of files @mcp-factory\/runtime now provides/);
    expect(output).toMatch(/updated +test\/unit\/notFound\.test\.ts/);
    expect(output).not.toContain('conflict');

    expect(exists('src/defineTool.ts')).toBe(false);
    expect(read('src/secrets.ts')).toContain('// Reviewed by us');
    expect(read('src/own/notFound.ts')).toContain("import { UpstreamError } from '@mcp-factory/runtime/errors';");
    expect(read('test/unit/notFound.test.ts')).toContain("from '@mcp-factory/runtime/errors';");
    expect(read('src/tools/getItem.ts')).toContain("from '@mcp-factory/runtime/tool'");
    expect(JSON.parse(read('package.json')).dependencies['@mcp-factory/runtime']).toBeDefined();

    commitAll(repo, 'updated onto the runtime package');
    const sh = repoShell(repo);
    await expectInstall(sh);
    const report = await expectTypecheckAndTests(sh);
    expect(report).toMatch(/PASS\s+test\/unit\/notFound\.test\.ts/);
    expect(report).toMatch(/PASS\s+test\/unit\/getItem\.test\.ts/);
    expect(git(repo, 'status', '--porcelain', '--', 'src', 'test')).toBe('');
  }, 900_000);
});

/** The factory's last commit whose servers held the entry's machinery (src/server.ts, client.ts, extras.ts, ...). */
const LAST_FULL_ENTRY_FACTORY = 'fef1ee0';

describe('a server generated before the runtime entry (its own server.ts, client.ts, stdio tests)', () => {
  let entryFactory: string;
  let server: string;
  const readIn = (file: string) => fs.readFileSync(path.join(server, file), 'utf8');
  const existsIn = (file: string) => fs.existsSync(path.join(server, file));

  beforeAll(() => {
    entryFactory = archivedFactory(LAST_FULL_ENTRY_FACTORY, 'mcp-factory-entry-factory-');
    server = grownRestServer(entryFactory, tempDir('mcp-factory-e2e-entry-'), 'entry');
    expect(existsIn('src/server.ts')).toBe(true);
    // The user's hand edit of one file that is no longer generated.
    fs.appendFileSync(path.join(server, 'src/client.ts'), '\n// Reviewed by us.\n');
    commitAll(server, 'generated before the runtime entry; edited');
  }, 300_000);

  it('is moved onto it by update: the machinery removed, the edited file kept and named, deployment kept, tests green', async () => {
    const output = plopOk(FACTORY_ROOT, ['update', '--dest', server, '--', '--baseline', entryFactory]);
    for (const file of [
      'src/server.ts',
      'src/extras.ts',
      'src/meta.ts',
      'src/log.ts',
      'src/tools/index.ts',
      'src/resources/index.ts',
      'src/prompts/index.ts',
      'test/unit/client.test.ts',
      'test/integration/stdio.test.ts',
      'tsconfig.build.json',
      'jest.config.js',
    ]) {
      expect([file, output]).toEqual([
        file,
        expect.stringMatching(new RegExp(`removed +${file.replace(/\./g, '\\.')}`)),
      ]);
      expect([file, existsIn(file)]).toEqual([file, false]);
    }
    expect(output).toMatch(/unchanged +src\/client\.ts \(removed from the template; kept because you changed it\)/);
    expect(output).toMatch(/unchanged +Dockerfile \(no longer in a new server/);
    expect(output).toMatch(/added +src\/primitives\.ts/);
    expect(output).not.toContain('conflict');
    expect(readIn('src/index.ts')).toContain("from '@mcp-factory/runtime/main'");
    expect(readIn('src/primitives.ts')).toMatch(/getItem,\n\s+\/\/ mcp-factory:tools/);
    expect(readIn('src/primitives.ts')).toMatch(/itemResource,\n\s+\/\/ mcp-factory:resources/);
    expect(readIn('src/primitives.ts')).toMatch(/researchPrompt,\n\s+\/\/ mcp-factory:prompts/);
    expect(readIn('src/client.ts')).toContain('// Reviewed by us.');

    commitAll(server, 'updated onto the runtime entry');
    const sh = repoShell(server);
    await expectInstall(sh);
    const report = await expectTypecheckAndTests(sh);
    expect(report).toMatch(/PASS\s+test\/unit\/getItem\.test\.ts/);
    expect(report).toMatch(/PASS\s+test\/e2e\/server\.e2e\.test\.ts/);
    expect(git(server, 'status', '--porcelain', '--', 'src', 'test')).toBe('');
  }, 900_000);
});
