// The catalog: registration, refresh of an entry for the same folder, and 20 writers at once (separate
// processes, as 20 `server` runs would be) with no registration lost and a valid file at the end.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { $ } from 'zx';
import { catalogFile, readCatalog, registerServer } from '../../cli/catalog.js';
import { FACTORY_ROOT, tempDir } from '../helpers/fsSnapshot.js';

describe('catalog', () => {
  it('is empty when absent, records a server, and refreshes the entry of the same folder', async () => {
    const home = tempDir();
    expect(readCatalog(home)).toEqual([]);
    await registerServer({ name: 'a', mcpName: 'io.github.t/a', path: '/srv/a' }, home);
    await registerServer({ name: 'b', mcpName: 'io.github.t/b', path: '/srv/b' }, home);
    await registerServer({ name: 'a2', mcpName: 'io.github.t/a2', path: '/srv/a' }, home);
    expect(readCatalog(home).map((e) => [e.name, e.path])).toEqual([
      ['a2', '/srv/a'],
      ['b', '/srv/b'],
    ]);
  });

  it('refuses a catalog that is not JSON, naming the file', () => {
    const home = tempDir();
    fs.writeFileSync(catalogFile(home), '{ not json');
    expect(() => readCatalog(home)).toThrow(`the catalog ${catalogFile(home)} is not valid JSON`);
  });

  it('keeps all of 20 registrations made by 20 processes at once', async () => {
    const home = tempDir();
    const script = path.join(tempDir(), 'register.mts');
    fs.writeFileSync(
      script,
      `import { registerServer } from ${JSON.stringify(path.join(FACTORY_ROOT, 'cli/catalog.ts'))};\n` +
        `const i = process.argv[2];\n` +
        `await registerServer({ name: 'server-' + i, mcpName: 'io.github.t/server-' + i, path: '/srv/' + i }, ${JSON.stringify(home)});\n`,
    );
    const tsx = path.join(FACTORY_ROOT, 'node_modules/.bin/tsx');
    const runs = await Promise.all(
      Array.from(
        { length: 20 },
        (_, i) => $({ quiet: true, nothrow: true, env: { ...process.env, NODE_OPTIONS: '' } })`${tsx} ${script} ${i}`,
      ),
    );
    expect(runs.map((r) => r.exitCode + r.stderr)).toEqual(Array(20).fill('0'));
    const names = readCatalog(home).map((e) => e.name);
    expect(names.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `server-${i}`).sort());
    expect(fs.readdirSync(home).sort()).toEqual(['catalog.json']); // no lock or temp file left behind
  }, 60_000);
});
