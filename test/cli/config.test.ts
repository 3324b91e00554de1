// `config`: the snippet of each client, and --write into fixture configs that hold comments, trailing
// commas, unrelated keys and other servers: everything else kept, a second run changes no byte, a
// backup is kept, a malformed file is refused with its line and column and left as it was.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect } from '@jest/globals';
import jsonc from 'jsonc-parser';
import { parse as parseToml } from '@decimalturn/toml-patch';
import { CLIENT_IDS, type ClientId } from '../../cli/clients/index.js';
import { snippet, writeClientConfig } from '../../cli/commands/config.js';
import type { LaunchSpec } from '../../cli/launch.js';
import { factoryCli, writeFakeServer } from '../helpers/factoryCli.js';
import { tempDir } from '../helpers/fsSnapshot.js';
import { it } from '../helpers/timeouts.js';

const spec: LaunchSpec = {
  key: 'notes-mcp',
  command: 'node',
  args: ['/srv/notes-mcp/dist/index.js'],
  vars: [{ name: 'NOTES_API_KEY', description: 'API key', secret: true, required: true }],
};

const SECRET = 'sk-live-do-not-leak';

const seededJson = (root: string) => `// my settings
{
  "theme": "dark", // keep this comment
  "fontSize": 14,
  "${root}": {
    "other": { "command": "npx", "args": ["-y", "other"], },
  },
}
`;

const seededToml = `# my codex config
model = "o3" # favourite

[mcp_servers.other]
command = "npx"
args = ["-y", "other"] # keep me

[profiles.fast]
model = "mini"
`;

const jsonOf = (text: string) =>
  jsonc.parse(text, [], { allowTrailingComma: true }) as Record<string, Record<string, unknown>>;
const rootOf = (client: ClientId) => (client === 'vscode' ? 'servers' : 'mcpServers');

describe('config --write into seeded JSON configs', () => {
  for (const client of CLIENT_IDS.filter((c) => c !== 'codex')) {
    it(`${client}: merges, keeps comments and other keys, backs up, and is idempotent`, async () => {
      const dir = tempDir();
      const file = path.join(dir, 'config.json');
      const seeded = seededJson(rootOf(client));
      fs.writeFileSync(file, seeded);
      const first = await writeClientConfig(client, spec, file);
      expect(first).toMatch(
        new RegExp(`^wrote notes-mcp into ${file} \\(previous file kept as ${file}\\.\\d{8}T\\d{6}\\.bak\\)$`),
      );
      const written = fs.readFileSync(file, 'utf8');
      expect(written).toContain('// my settings');
      expect(written).toContain('"theme": "dark", // keep this comment');
      const doc = jsonOf(written);
      expect(doc.fontSize).toBe(14);
      expect(doc[rootOf(client)]!.other).toEqual({ command: 'npx', args: ['-y', 'other'] });
      expect(doc[rootOf(client)]!['notes-mcp']).toMatchObject({ command: 'node', args: spec.args });
      expect(written).not.toContain(SECRET);
      const backups = fs.readdirSync(dir).filter((f) => f.endsWith('.bak'));
      expect(backups).toHaveLength(1);
      expect(fs.readFileSync(path.join(dir, backups[0]!), 'utf8')).toBe(seeded);

      expect(await writeClientConfig(client, spec, file)).toBe(`${file} already has notes-mcp: nothing changed`);
      expect(fs.readFileSync(file, 'utf8')).toBe(written);
      expect(fs.readdirSync(dir).filter((f) => f.endsWith('.bak'))).toHaveLength(1);
    });
  }

  it('keeps a value the user filled in for a variable, and other keys of the entry', async () => {
    const file = path.join(tempDir(), 'claude_desktop_config.json');
    fs.writeFileSync(
      file,
      JSON.stringify(
        { mcpServers: { 'notes-mcp': { command: 'old', env: { NOTES_API_KEY: SECRET }, disabled: false } } },
        null,
        2,
      ),
    );
    await writeClientConfig('claude-desktop', spec, file);
    expect(jsonOf(fs.readFileSync(file, 'utf8')).mcpServers!['notes-mcp']).toEqual({
      command: 'node',
      args: spec.args,
      env: { NOTES_API_KEY: SECRET },
      disabled: false,
    });
  });

  it('VS Code: a password input once, referenced by the env var', async () => {
    const file = path.join(tempDir(), 'mcp.json');
    fs.writeFileSync(file, '{ "inputs": [ { "type": "promptString", "id": "mine" } ], "servers": {} }');
    await writeClientConfig('vscode', spec, file);
    await writeClientConfig('vscode', { ...spec, args: ['/moved/dist/index.js'] }, file);
    const doc = jsonOf(fs.readFileSync(file, 'utf8')) as unknown as {
      inputs: Array<{ id: string; password?: boolean }>;
      servers: Record<string, { args: string[]; env: Record<string, string> }>;
    };
    expect(doc.inputs.map((i) => [i.id, i.password])).toEqual([
      ['mine', undefined],
      ['notes-api-key', true],
    ]);
    expect(doc.servers['notes-mcp']).toMatchObject({
      args: ['/moved/dist/index.js'],
      env: { NOTES_API_KEY: '${input:notes-api-key}' },
    });
  });

  it('refuses a malformed file with its line and column, and leaves it byte for byte', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'mcp.json');
    const broken = '{\n  "theme": "dark"\n  "fontSize": 14\n}\n';
    fs.writeFileSync(file, broken);
    await expect(writeClientConfig('cursor', spec, file)).rejects.toThrow(
      `${file} is not valid JSON (CommaExpected at line 3, column 3): fix it first; nothing was written`,
    );
    expect(fs.readFileSync(file, 'utf8')).toBe(broken);
    expect(fs.readdirSync(dir)).toEqual(['mcp.json']);
  });

  it('creates a missing file (and its folder)', async () => {
    const file = path.join(tempDir(), 'new', 'mcp.json');
    expect(await writeClientConfig('cursor', spec, file)).toBe(`wrote notes-mcp into ${file} (new file)`);
    expect(jsonOf(fs.readFileSync(file, 'utf8')).mcpServers!['notes-mcp']).toEqual({
      command: 'node',
      args: spec.args,
      env: { NOTES_API_KEY: '${env:NOTES_API_KEY}' },
    });
  });
});

describe('config --write into Codex config.toml', () => {
  it('adds the server table, keeps comments and other tables, and is idempotent', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'config.toml');
    fs.writeFileSync(file, seededToml);
    await writeClientConfig('codex', spec, file);
    const written = fs.readFileSync(file, 'utf8');
    expect(written).toContain('# my codex config');
    expect(written).toContain('model = "o3" # favourite');
    expect(written).toContain('args = ["-y", "other"] # keep me');
    expect(parseToml(written)).toEqual({
      model: 'o3',
      mcp_servers: {
        other: { command: 'npx', args: ['-y', 'other'] },
        'notes-mcp': { command: 'node', args: spec.args, env_vars: ['NOTES_API_KEY'] },
      },
      profiles: { fast: { model: 'mini' } },
    });
    expect(await writeClientConfig('codex', spec, file)).toBe(`${file} already has notes-mcp: nothing changed`);
    expect(fs.readFileSync(file, 'utf8')).toBe(written);
  });

  it('refuses a malformed file with its line and column', async () => {
    const file = path.join(tempDir(), 'config.toml');
    fs.writeFileSync(file, 'model = "o3"\nbroken = [1,\n');
    await expect(writeClientConfig('codex', spec, file)).rejects.toThrow(
      /is not valid TOML at line \d+, column \d+: fix it first/,
    );
    expect(fs.readFileSync(file, 'utf8')).toBe('model = "o3"\nbroken = [1,\n');
  });
});

describe('config snippets', () => {
  it('reference the secret, never carry a value, for every client', () => {
    const expected: Record<ClientId, string> = {
      'claude-desktop': '"NOTES_API_KEY": "<set NOTES_API_KEY>"',
      'claude-code': '"NOTES_API_KEY": "${NOTES_API_KEY}"',
      vscode: '"NOTES_API_KEY": "${input:notes-api-key}"',
      cursor: '"NOTES_API_KEY": "${env:NOTES_API_KEY}"',
      codex: 'env_vars = [ "NOTES_API_KEY" ]',
    };
    for (const client of CLIENT_IDS) expect(snippet(client, spec)).toContain(expected[client]);
  });

  it('the CLI writes the default file under HOME, with a note, and never the value of an exported secret', async () => {
    const root = tempDir();
    const home = path.join(root, 'home');
    const server = writeFakeServer(path.join(root, 'notes-mcp'), { name: 'notes-mcp' });
    fs.writeFileSync(
      path.join(server, 'server.json'),
      JSON.stringify({
        name: 'io.github.test/notes-mcp',
        packages: [{ environmentVariables: [{ name: 'NOTES_API_KEY', isSecret: true }] }],
      }),
    );
    const env = { HOME: home, XDG_CONFIG_HOME: '', CODEX_HOME: '', NOTES_API_KEY: SECRET };
    const out = await factoryCli(['config', 'notes-mcp', '--client', 'cursor', '--write', '--path', server], {
      cwd: root,
      env,
    });
    expect(out.exitCode).toBe(0);
    const file = path.join(home, '.cursor', 'mcp.json');
    expect(out.stdout).toBe(`wrote notes-mcp into ${file} (new file)\n`);
    expect(out.stderr).toBe('note: Cursor reads NOTES_API_KEY from its environment\n');
    expect(fs.readFileSync(file, 'utf8')).not.toContain(SECRET);
    const codex = await factoryCli(['config', 'notes-mcp', '--client', 'codex', '--write', '--path', server], {
      cwd: root,
      env,
    });
    expect(codex.stdout).toBe(`wrote notes-mcp into ${path.join(home, '.codex', 'config.toml')} (new file)\n`);
    const bad = await factoryCli(['config', 'notes-mcp', '--client', 'emacs', '--path', server], { cwd: root, env });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  }, 30_000);
});
