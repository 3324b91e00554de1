// The catalog: registration, refresh of an entry for the same folder, and 20 writers at once (separate
// processes, as 20 `server` runs would be) with no registration lost and a valid file at the end. And two
// entries of the same name: refused as ambiguous, never one of them picked silently.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect } from '@jest/globals';
import nodePlop from 'node-plop';
import { $ } from 'zx';
import { catalogFile, readCatalog, registerServer } from '../../cli/catalog.js';
import { discover } from '../../cli/discover.js';
import { factoryHome } from '../../cli/home.js';
import { resolveServer } from '../../cli/resolve.js';
import { factoryCli, writeFakeServer } from '../helpers/factoryCli.js';
import { FACTORY_ROOT, tempDir } from '../helpers/fsSnapshot.js';
import { it } from '../helpers/timeouts.js';

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

  it('refuses a catalog entry without its fields, naming the file and the entry', () => {
    const home = tempDir();
    const good = { name: 'a', mcpName: 'io.github.t/a', path: '/srv/a', registeredAt: '2026-01-01T00:00:00.000Z' };
    fs.writeFileSync(catalogFile(home), JSON.stringify({ version: 1, servers: [good, { name: 'b', path: 7 }] }));
    expect(() => readCatalog(home)).toThrow(
      `the catalog ${catalogFile(home)}: server 2 needs name, mcpName, path, registeredAt as text: fix or delete it`,
    );
    fs.writeFileSync(catalogFile(home), JSON.stringify({ version: 1, servers: [good] }));
    expect(readCatalog(home)).toEqual([good]);
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
    // `node --import tsx`: one process each (the tsx command would start a second one to run the script in).
    const node = $({ cwd: FACTORY_ROOT, quiet: true, nothrow: true, env: { ...process.env, NODE_OPTIONS: '' } });
    const runs = await Promise.all(
      Array.from({ length: 20 }, (_, i) => node`${process.execPath} --import tsx ${script} ${i}`),
    );
    expect(runs.map((r) => r.exitCode + r.stderr)).toEqual(Array(20).fill('0'));
    const names = readCatalog(home).map((e) => e.name);
    expect(names.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `server-${i}`).sort());
    expect(fs.readdirSync(home).sort()).toEqual(['catalog.json']); // no lock or temp file left behind
  }, 60_000);
});

describe('a `server` run', () => {
  it('says where it registered the server and how to forget it', async () => {
    const dest = tempDir();
    const plop = await nodePlop(path.join(FACTORY_ROOT, 'plopfile.ts'), { destBasePath: dest, force: false });
    const answers = { name: 'acme-told', preset: 'rest', baseUrl: 'https://api.example.com' };
    const { failures, changes } = await plop.getGenerator('server').runActions(answers);
    expect(failures).toEqual([]);
    expect(changes.flatMap((c) => c.path.split('\n'))).toContain(
      `registered acme-told in the server catalog ${catalogFile(factoryHome())} ` +
        '(`mcp-factory list` finds it from any folder; delete its entry there to forget it)',
    );
  });
});

describe('two catalog entries of the same name', () => {
  /** Two generated repos named demo-mcp (two demo runs, say) registered in one catalog, and a third server. */
  async function twins() {
    const root = tempDir();
    const home = path.join(root, 'home');
    const a = fs.realpathSync(writeFakeServer(path.join(root, 'a', 'demo-mcp'), { name: 'demo-mcp' }));
    const b = fs.realpathSync(writeFakeServer(path.join(root, 'b', 'demo-mcp'), { name: 'demo-mcp' }));
    const other = writeFakeServer(path.join(root, 'other-mcp'), { name: 'other-mcp' });
    for (const dir of [a, b])
      await registerServer({ name: 'demo-mcp', mcpName: 'io.github.test/demo-mcp', path: dir }, home);
    await registerServer({ name: 'other-mcp', mcpName: 'io.github.test/other-mcp', path: other }, home);
    return { root, home, a, b };
  }

  it('are ambiguous by name, mcpName or prefix, listing both folders; --path picks one', async () => {
    const { root, home, a, b } = await twins();
    const servers = discover({ cwd: root, home, globalRoot: false });
    const message = `is ambiguous: demo-mcp (catalog: ${a}), demo-mcp (catalog: ${b}); pick one with --path <folder>`;
    expect(() => resolveServer(servers, 'demo-mcp')).toThrow(`"demo-mcp" ${message}`);
    expect(() => resolveServer(servers, 'io.github.test/demo-mcp')).toThrow(`"io.github.test/demo-mcp" ${message}`);
    expect(() => resolveServer(servers, 'demo')).toThrow(`"demo" ${message}`);
    const chosen = discover({ cwd: root, home, globalRoot: false, paths: [b] });
    expect(resolveServer(chosen, 'demo-mcp').path).toBe(b);
  });

  it('keep picking the runnable one when the other folder is gone', async () => {
    const { root, home, a, b } = await twins();
    fs.rmSync(a, { recursive: true });
    expect(resolveServer(discover({ cwd: root, home, globalRoot: false }), 'demo-mcp').path).toBe(b);
  });

  it('make `mcp-factory tools <name>` fail with one line naming both, and run nothing', async () => {
    const { root, home, a, b } = await twins();
    const out = await factoryCli(['tools', 'demo-mcp'], { cwd: root, env: { MCP_FACTORY_HOME: home } });
    expect(out.stdout).toBe('');
    expect(out.stderr).toBe(
      `mcp-factory: "demo-mcp" is ambiguous: demo-mcp (catalog: ${a}), demo-mcp (catalog: ${b}); pick one with --path <folder>\n`,
    );
    expect(out.exitCode).toBe(2); // bad usage, like an ambiguous prefix
  }, 30_000);
});
