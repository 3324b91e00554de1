// doctor's server.json check: the official MCP registry schema (vendored in cli/schemas/, its hash
// checked here) through ajv, one line naming where (JSON pointer) and what; and the server.json name
// that must be the package mcpName. Also doctor on a server that is not built yet: a warning, exit 0.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect } from '@jest/globals';
import { readServer } from '../../cli/discover.js';
import { OFFICIAL_SCHEMA, checkServerJson, officialSchemaUrl, serverJsonProblem } from '../../cli/serverJson.js';
import { factoryCli, writeFakeServer } from '../helpers/factoryCli.js';
import { tempDir } from '../helpers/fsSnapshot.js';
import { writeScriptedServer } from '../helpers/scriptedServer.js';
import { it } from '../helpers/timeouts.js';

const valid = {
  $schema: 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
  name: 'io.github.test/notes-mcp',
  description: 'Notes',
  version: '1.0.0',
  packages: [
    {
      registryType: 'npm',
      identifier: 'notes-mcp',
      version: '1.0.0',
      transport: { type: 'stdio' },
      environmentVariables: [{ name: 'NOTES_API_KEY', isSecret: true }],
    },
  ],
};
const [pkg] = valid.packages;

function check(serverJson: unknown): string | undefined {
  const dir = writeFakeServer(path.join(tempDir(), 'notes-mcp'), { name: 'notes-mcp' });
  fs.writeFileSync(
    path.join(dir, 'server.json'),
    typeof serverJson === 'string' ? serverJson : JSON.stringify(serverJson),
  );
  const server = readServer(dir, 'path');
  if (!server) throw new Error(`writeFakeServer left no server in ${dir}`);
  return checkServerJson(server);
}

describe('the vendored official schema', () => {
  it('is byte for byte the published file (SHA-256 as recorded, here and in its README)', () => {
    const bytes = fs.readFileSync(OFFICIAL_SCHEMA.file);
    expect(bytes.length).toBe(22_090);
    expect(crypto.createHash('sha256').update(bytes).digest('hex')).toBe(OFFICIAL_SCHEMA.sha256);
    expect(fs.readFileSync(path.join(path.dirname(OFFICIAL_SCHEMA.file), 'README.md'), 'utf8')).toContain(
      OFFICIAL_SCHEMA.sha256,
    );
    expect(officialSchemaUrl()).toBe('https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json');
  });
});

describe('server.json check', () => {
  it('accepts a valid one', () => {
    expect(check(valid)).toBeUndefined();
  });

  it('names what is wrong, and where (JSON pointer + message), in one line', () => {
    const cases: Array<[unknown, string]> = [
      [
        { ...valid, name: 'notes' },
        'server.json /name: must match pattern "^[a-zA-Z0-9.-]+/[a-zA-Z0-9._-]+$", got "notes"',
      ],
      [{ ...valid, version: undefined }, "server.json (top level): must have required property 'version'"],
      // the registry's limits, which the old hand-written subset did not have
      [{ ...valid, description: 'x'.repeat(101) }, 'server.json /description: must NOT have more than 100 characters'],
      [
        { ...valid, name: `io.github.test/${'x'.repeat(190)}` },
        'server.json /name: must NOT have more than 200 characters',
      ],
      [
        { ...valid, packages: [{ ...pkg, version: 'latest' }] },
        'server.json /packages/0/version: must not be "latest", got "latest"',
      ],
      [
        { ...valid, packages: [{ ...pkg, transport: undefined }] },
        "server.json /packages/0: must have required property 'transport'",
      ],
      // anyOf: every transport type named, not only the last branch's
      [
        { ...valid, packages: [{ ...pkg, transport: { type: 'pigeon' } }] },
        'server.json /packages/0/transport/type: must be one of "stdio", "streamable-http", "sse", got "pigeon"',
      ],
      // anyOf: the branch of the given type speaks, not "must be stdio"
      [
        { ...valid, packages: [{ ...pkg, transport: { type: 'streamable-http' } }] },
        "server.json /packages/0/transport: must have required property 'url'",
      ],
      [
        { ...valid, remotes: [{ type: 'stdio' }] },
        'server.json /remotes/0/type: must be one of "streamable-http", "sse", got "stdio"',
      ],
      // the positional argument's own requirement, not the named branch's
      [
        { ...valid, packages: [{ ...pkg, packageArguments: [{ type: 'positional' }] }] },
        "server.json /packages/0/packageArguments/0: must have required property 'valueHint'",
      ],
      [
        { ...valid, packages: [{ ...pkg, environmentVariables: [{ isSecret: true }] }] },
        "server.json /packages/0/environmentVariables/0: must have required property 'name'",
      ],
      // a value that may be a secret is never echoed
      [
        { ...valid, packages: [{ ...pkg, environmentVariables: [{ name: 'K', default: 12345 }] }] },
        'server.json /packages/0/environmentVariables/0/default: must be string',
      ],
    ];
    for (const [doc, line] of cases) expect(check(doc)).toBe(line);
    expect(check('{ nope')).toMatch(/^server\.json: [^\n]+$/);
  });

  it('requires the server.json name to be the package mcpName', () => {
    expect(check({ ...valid, name: 'io.github.other/notes-mcp' })).toBe(
      'server.json name "io.github.other/notes-mcp" differs from package.json mcpName "io.github.test/notes-mcp"',
    );
  });

  it('is the same check the generator tests use', () => {
    expect(serverJsonProblem(valid)).toBeUndefined();
    expect(serverJsonProblem({ ...valid, description: '' })).toBe(
      'server.json /description: must NOT have fewer than 1 characters, got ""',
    );
  });
});

describe('doctor', () => {
  it('reports an invalid server.json with its JSON pointer and message, exit 1', async () => {
    const root = tempDir();
    const dir = writeFakeServer(path.join(root, 'notes-mcp'), { name: 'notes-mcp' });
    writeScriptedServer(dir, { tools: [{ name: 'find' }] });
    fs.writeFileSync(
      path.join(dir, 'server.json'),
      JSON.stringify({ ...valid, packages: [{ ...pkg, transport: { type: 'pigeon' } }] }),
    );
    const out = await factoryCli(['doctor', '--path', dir], { cwd: root });
    expect(out.exitCode).toBe(1);
    const row = out.stdout.split('\n').find((r) => r.startsWith('notes-mcp'));
    expect(row).toMatch(
      /^notes-mcp\s+FAIL\s+ok \(1 tools\)\s+server\.json \/packages\/0\/transport\/type: must be one of "stdio", "streamable-http", "sse", got "pigeon"\s+ok$/,
    );
    expect(out.stderr).toBe('1 of 1 failed: notes-mcp\n');
  }, 30_000);

  it('warns about a server that is not built yet, with the command that builds it, and exits 0', async () => {
    const root = tempDir();
    const dir = writeFakeServer(path.join(root, 'fresh-mcp'), { name: 'fresh-mcp', built: false });
    fs.writeFileSync(path.join(dir, 'server.json'), JSON.stringify({ ...valid, name: 'io.github.test/fresh-mcp' }));
    const real = fs.realpathSync(dir);
    const out = await factoryCli(['doctor', '--path', dir], { cwd: root });
    expect(out.exitCode).toBe(0);
    const row = out.stdout.split('\n').find((r) => r.startsWith('fresh-mcp'));
    expect(row?.split(/\s{2,}/)).toEqual([
      'fresh-mcp',
      'warn',
      `not built: run \`npm run build\` in ${real}`,
      'valid',
      'ok',
    ]);
    expect(out.stderr).toBe(`warning: fresh-mcp: not built: run \`npm run build\` in ${real}\n`);

    const json = await factoryCli(['doctor', '--path', dir, '--json'], { cwd: root });
    expect(json.exitCode).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject([
      {
        name: 'fresh-mcp',
        ok: true,
        warnings: [`fresh-mcp: not built: run \`npm run build\` in ${real}`],
        start: { ok: true, warning: `not built: run \`npm run build\` in ${real}` },
        serverJson: { ok: true },
      },
    ]);

    // a real failure next to it still fails the run
    fs.writeFileSync(
      path.join(dir, 'server.json'),
      JSON.stringify({ ...valid, name: 'io.github.test/fresh-mcp', version: undefined }),
    );
    const broken = await factoryCli(['doctor', '--path', dir], { cwd: root });
    expect(broken.exitCode).toBe(1);
    expect(broken.stderr).toContain('1 of 1 failed: fresh-mcp\n');
  }, 30_000);
});
