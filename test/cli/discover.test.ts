// Discovery from fixture trees: a project's node_modules (scoped and not, built and not), a catalog
// with a vanished folder, a global root, --path folders; merged by mcpName + folder. And `list`.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect } from '@jest/globals';
import { registerServer } from '../../cli/catalog.js';
import { discover } from '../../cli/discover.js';
import { resolveServer } from '../../cli/resolve.js';
import { factoryCli, writeFakeServer } from '../helpers/factoryCli.js';
import { tempDir } from '../helpers/fsSnapshot.js';
import { it } from '../helpers/timeouts.js';

async function machine() {
  const root = tempDir();
  const project = path.join(root, 'project');
  fs.mkdirSync(project);
  fs.writeFileSync(path.join(project, 'package.json'), '{"name":"project"}');
  const nm = path.join(project, 'node_modules');
  writeFakeServer(path.join(nm, 'weather-mcp'), { name: 'weather-mcp' });
  writeFakeServer(path.join(nm, '@acme', 'search-mcp'), { name: '@acme/search-mcp', built: false });
  writeFakeServer(path.join(nm, 'not-a-server'), { name: 'not-a-server', serverJson: false });
  fs.mkdirSync(path.join(nm, 'plain'));
  fs.writeFileSync(path.join(nm, 'plain', 'package.json'), '{"name":"plain"}');
  const globalRoot = path.join(root, 'global', 'lib', 'node_modules');
  writeFakeServer(path.join(globalRoot, 'global-mcp'), { name: 'global-mcp' });
  const home = path.join(root, 'home');
  const generated = writeFakeServer(path.join(root, 'repos', 'acme-notes'), { name: 'acme-notes' });
  await registerServer({ name: 'acme-notes', mcpName: 'io.github.test/acme-notes', path: generated }, home);
  await registerServer({ name: 'gone', mcpName: 'io.github.test/gone', path: path.join(root, 'repos', 'gone') }, home);
  const extra = writeFakeServer(path.join(root, 'elsewhere', 'extra-mcp'), { name: 'extra-mcp' });
  return { root, project, nm, globalRoot, home, generated, extra };
}

describe('discover', () => {
  it('finds servers in every source by their metadata, with their status', async () => {
    const m = await machine();
    const servers = discover({
      cwd: m.project,
      home: m.home,
      globalRoot: m.globalRoot,
      paths: [path.dirname(m.extra), m.generated],
    });
    expect(servers.map((s) => [s.name, s.sources.join(','), s.status])).toEqual([
      ['@acme/search-mcp', 'project', 'not built'],
      ['acme-notes', 'path,catalog', 'ok'], // given with --path and in the catalog: one entry
      ['extra-mcp', 'path', 'ok'],
      ['global-mcp', 'global', 'ok'],
      ['gone', 'catalog', 'missing'],
      ['weather-mcp', 'project', 'ok'],
    ]);
    expect(servers.find((s) => s.name === 'weather-mcp')).toMatchObject({
      mcpName: 'io.github.test/weather-mcp',
      version: '1.0.0',
      path: fs.realpathSync(path.join(m.nm, 'weather-mcp')),
      entry: path.join(fs.realpathSync(path.join(m.nm, 'weather-mcp')), 'dist', 'index.js'),
    });
  });

  it('sees the project itself when it is a server, and symlinked packages', () => {
    const root = tempDir();
    const repo = writeFakeServer(path.join(root, 'my-server'), { name: 'my-server' });
    const other = writeFakeServer(path.join(root, 'linked'), { name: 'linked' });
    fs.mkdirSync(path.join(repo, 'node_modules'));
    fs.symlinkSync(other, path.join(repo, 'node_modules', 'linked'));
    const servers = discover({ cwd: path.join(repo), home: tempDir(), globalRoot: false });
    expect(servers.map((s) => [s.name, s.path])).toEqual([
      ['linked', fs.realpathSync(other)],
      ['my-server', fs.realpathSync(repo)],
    ]);
  });

  it('resolves a server by package name, mcpName or unique prefix; refuses an ambiguous or unknown one', async () => {
    const m = await machine();
    const servers = discover({ cwd: m.project, home: m.home, globalRoot: m.globalRoot });
    expect(resolveServer(servers, 'weather-mcp').name).toBe('weather-mcp');
    expect(resolveServer(servers, 'io.github.test/global-mcp').name).toBe('global-mcp');
    expect(resolveServer(servers, 'wea').name).toBe('weather-mcp');
    expect(() => resolveServer(servers, 'g')).toThrow('"g" matches several servers: global-mcp, gone');
    expect(() => resolveServer(servers, 'nope')).toThrow(
      'no MCP server named "nope"; known: @acme/search-mcp, acme-notes',
    );
  });
});

describe('mcp-factory list', () => {
  it('prints a table and JSON with name, version, mcpName, source, status and path', async () => {
    const m = await machine();
    const env = { MCP_FACTORY_HOME: m.home, npm_config_prefix: path.join(m.root, 'global') };
    const table = await factoryCli(['list'], { cwd: m.project, env });
    expect(table.exitCode).toBe(0);
    const lines = table.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+VERSION\s+MCPNAME\s+SOURCE\s+STATUS\s+PATH$/);
    expect(lines.find((l) => l.startsWith('gone '))).toMatch(
      /io\.github\.test\/gone\s+catalog\s+missing\s+\S+repos\/gone$/,
    );
    expect(lines.find((l) => l.startsWith('@acme/search-mcp '))).toMatch(
      /1\.0\.0\s+io\.github\.test\/search-mcp\s+project\s+not built/,
    );
    expect(lines.find((l) => l.startsWith('global-mcp '))).toMatch(/\sglobal\s+ok\s/);

    const json = await factoryCli(['list', '--json', '--path', m.extra], { cwd: m.project, env });
    expect(json.exitCode).toBe(0);
    const servers = JSON.parse(json.stdout) as Array<{ name: string; status: string; sources: string[] }>;
    expect(servers.map((s) => s.name)).toEqual([
      '@acme/search-mcp',
      'acme-notes',
      'extra-mcp',
      'global-mcp',
      'gone',
      'weather-mcp',
    ]);
    expect(table.stderr).toBe('');
  }, 30_000);

  it('refuses an unknown option with one line and exit 2', async () => {
    const out = await factoryCli(['list', '--jsn'], { cwd: tempDir() });
    expect(out.exitCode).toBe(2);
    expect(out.stderr.trim().split('\n')).toEqual(["mcp-factory: unknown option '--jsn' (Did you mean --json?)"]);
  }, 30_000);
});
