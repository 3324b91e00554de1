// `config`: the snippet of each client, and --write into fixture configs that hold comments (where the
// client reads them), trailing commas, unrelated keys and other servers: everything else kept (the
// neighbours' layout and end-of-line comments too), a second run changes no byte, a backup is kept, a
// malformed file (or a commented one for a strict-JSON client) is refused and left as it was; optional
// variables never get a placeholder or an unset reference; --client all and --dry-run.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect } from '@jest/globals';
import jsonc from 'jsonc-parser';
import { parse as parseToml } from '@decimalturn/toml-patch';
import { parse as parseYaml } from 'yaml';
import { CLIENT_IDS, CLIENTS, type ClientId, type JsonEntry } from '../../cli/clients/index.js';
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

// A strict-JSON file (what Claude Code and Claude Desktop read): other servers on one line each.
const seededStrictJson = (root: string) => `{
  "theme": "dark",
  "fontSize": 14,
  "${root}": {
    "other": { "command": "npx", "args": ["-y", "other"] }
  }
}`;

const jsonOf = (text: string) =>
  jsonc.parse(text, [], { allowTrailingComma: true }) as Record<string, Record<string, unknown>>;
const jsonEntryOf = (client: ClientId): JsonEntry => {
  const entry = CLIENTS[client].entry(spec);
  if (entry.format !== 'json') throw new Error(`${client} is not a JSON client`);
  return entry;
};
const rootOf = (client: ClientId) => jsonEntryOf(client).root;
const jsonClients = CLIENT_IDS.filter((c) => CLIENTS[c].entry(spec).format === 'json');
const jsoncClients = jsonClients.filter((c) => !jsonEntryOf(c).strict);
const strictClients = jsonClients.filter((c) => jsonEntryOf(c).strict);

describe('config --write into seeded JSON configs', () => {
  it('knows which clients read strict JSON and which JSON with comments', () => {
    expect(strictClients).toEqual(['claude-desktop', 'claude-code', 'copilot', 'windsurf']);
    expect(jsoncClients).toEqual(['vscode', 'cursor', 'gemini', 'zed', 'opencode']);
  });

  for (const client of jsoncClients) {
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
      expect(doc[rootOf(client)].other).toEqual({ command: 'npx', args: ['-y', 'other'] });
      expect(doc[rootOf(client)]['notes-mcp']).toMatchObject(jsonEntryOf(client).entry);
      expect(written).not.toContain(SECRET);
      const backups = fs.readdirSync(dir).filter((f) => f.endsWith('.bak'));
      expect(backups).toHaveLength(1);
      expect(fs.readFileSync(path.join(dir, backups[0]), 'utf8')).toBe(seeded);

      expect(await writeClientConfig(client, spec, file)).toBe(`${file} already has notes-mcp: nothing changed`);
      expect(fs.readFileSync(file, 'utf8')).toBe(written);
      expect(fs.readdirSync(dir).filter((f) => f.endsWith('.bak'))).toHaveLength(1);
    });
  }

  for (const client of strictClients) {
    it(`${client}: merges into strict JSON, keeps the neighbours' layout, ends with a line break, and is idempotent`, async () => {
      const dir = tempDir();
      const file = path.join(dir, 'config.json');
      const seeded = seededStrictJson(rootOf(client));
      fs.writeFileSync(file, seeded);
      await writeClientConfig(client, spec, file);
      const written = fs.readFileSync(file, 'utf8');
      // The neighbour keeps its one-line layout; the new entry follows on lines of its own.
      expect(written).toContain('\n    "other": { "command": "npx", "args": ["-y", "other"] },\n    "notes-mcp": {\n');
      expect(written.endsWith('}\n')).toBe(true);
      expect(JSON.parse(written)[rootOf(client)]['notes-mcp']).toEqual(jsonEntryOf(client).entry);
      expect(await writeClientConfig(client, spec, file)).toBe(`${file} already has notes-mcp: nothing changed`);
    });

    it(`${client}: refuses a file with comments in one line (the client reads strict JSON), and leaves it as it was`, async () => {
      const dir = tempDir();
      const file = path.join(dir, 'config.json');
      const seeded = seededJson(rootOf(client));
      fs.writeFileSync(file, seeded);
      const error = await writeClientConfig(client, spec, file).then(
        () => undefined,
        (e: Error) => e.message,
      );
      expect(error).toBe(
        `${file} has a comment at line 1, column 1, and ${CLIENTS[client].label} reads this file as strict JSON (it would reject it): remove it first; nothing was written`,
      );
      expect(fs.readFileSync(file, 'utf8')).toBe(seeded);
      expect(fs.readdirSync(dir)).toEqual(['config.json']);
    });
  }

  it('a strict-JSON client refuses a trailing comma too', async () => {
    const file = path.join(tempDir(), '.mcp.json');
    fs.writeFileSync(file, '{\n  "mcpServers": {},\n}\n');
    await expect(writeClientConfig('claude-code', spec, file)).rejects.toThrow(
      `${file} has a trailing comma at line 3, column 1, and Claude Code reads this file as strict JSON`,
    );
  });

  it("keeps a neighbour's end-of-line comment on its line, and adds the final line break a file lacked", async () => {
    const file = path.join(tempDir(), 'settings.json');
    fs.writeFileSync(file, '{\n  "mcpServers": {\n    "other": { "command": "npx" } // mine\n  }\n}');
    await writeClientConfig('gemini', spec, file);
    const written = fs.readFileSync(file, 'utf8');
    expect(written).toContain('\n    "other": { "command": "npx" }, // mine\n    "notes-mcp": {\n');
    expect(written.endsWith('}\n')).toBe(true);
  });

  it("VS Code: a new input keeps the neighbouring input's layout and end-of-line comment", async () => {
    const file = path.join(tempDir(), 'mcp.json');
    fs.writeFileSync(
      file,
      '{\n  "inputs": [\n    { "type": "promptString", "id": "mine" } // my input\n  ],\n  "servers": {}\n}\n',
    );
    await writeClientConfig('vscode', spec, file);
    expect(fs.readFileSync(file, 'utf8')).toContain(
      '\n    { "type": "promptString", "id": "mine" }, // my input\n    {\n      "type": "promptString",\n      "id": "notes-api-key",',
    );
  });

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
    expect(jsonOf(fs.readFileSync(file, 'utf8')).mcpServers['notes-mcp']).toEqual({
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
    expect(jsonOf(fs.readFileSync(file, 'utf8')).mcpServers['notes-mcp']).toEqual({
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

  it('writes a new server as its own [mcp_servers.NAME] section, as Codex does, ending with a line break', async () => {
    const file = path.join(tempDir(), 'config.toml');
    fs.writeFileSync(file, seededToml.trimEnd());
    await writeClientConfig('codex', spec, file);
    const written = fs.readFileSync(file, 'utf8');
    expect(written).toBe(
      `${seededToml}\n[mcp_servers.notes-mcp]\ncommand = "node"\nargs = [ "/srv/notes-mcp/dist/index.js" ]\nenv_vars = [ "NOTES_API_KEY" ]\n`,
    );
  });

  it('merges into servers written as an inline table, where a new section would be invalid TOML', async () => {
    const file = path.join(tempDir(), 'config.toml');
    fs.writeFileSync(file, 'mcp_servers = { other = { command = "npx" } }\n');
    await writeClientConfig('codex', spec, file);
    expect(parseToml(fs.readFileSync(file, 'utf8'))).toEqual({
      mcp_servers: {
        other: { command: 'npx' },
        'notes-mcp': { command: 'node', args: spec.args, env_vars: ['NOTES_API_KEY'] },
      },
    });
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
      gemini: '"NOTES_API_KEY": "${NOTES_API_KEY}"',
      copilot: '"NOTES_API_KEY": "${NOTES_API_KEY}"',
      windsurf: '"NOTES_API_KEY": "${env:NOTES_API_KEY}"',
      zed: '"args": [\n        "/srv/notes-mcp/dist/index.js"\n      ]\n    }',
      goose: 'env_keys:\n      - NOTES_API_KEY',
      opencode: '"NOTES_API_KEY": "{env:NOTES_API_KEY}"',
    };
    for (const client of CLIENT_IDS) {
      expect(snippet(client, spec)).toContain(expected[client]);
      expect(snippet(client, spec)).not.toContain(SECRET);
    }
  });

  it('end with a line break, for every client', () => {
    for (const client of CLIENT_IDS) expect(`${client}: ${snippet(client, spec).slice(-1)}`).toBe(`${client}: \n`);
  });

  it('never carry a placeholder or an unset reference a client would pass as an optional key', () => {
    const optional: LaunchSpec = {
      ...spec,
      vars: [{ name: 'OPT_API_KEY', description: 'optional key', secret: true, required: false }],
    };
    // What each client's entry holds for the optional variable: its own "empty if unset" form, or nothing.
    const written: Record<ClientId, string | undefined> = {
      'claude-desktop': undefined,
      'claude-code': '${OPT_API_KEY:-}',
      vscode: '${input:opt-api-key}',
      cursor: undefined,
      codex: undefined,
      gemini: '${OPT_API_KEY:-}',
      copilot: undefined,
      windsurf: undefined,
      zed: undefined,
      goose: undefined,
      opencode: '{env:OPT_API_KEY}',
    };
    for (const client of CLIENT_IDS) {
      const entry = CLIENTS[client].entry(optional);
      const env = entry.format === 'json' ? entry.entry[entry.envKey ?? 'env'] : undefined;
      const value = env && typeof env === 'object' && !Array.isArray(env) ? env.OPT_API_KEY : undefined;
      expect(`${client}: ${value}`).toBe(`${client}: ${written[client]}`);
      expect(snippet(client, optional)).not.toMatch(/<set OPT_API_KEY>|"\$\{OPT_API_KEY\}"|"\$\{env:OPT_API_KEY\}"/);
    }
    // Codex forwards it when set (env_vars), Goose would fail to start without it (env_keys).
    expect(CLIENTS.codex.entry(optional).entry.env_vars).toEqual(['OPT_API_KEY']);
    expect(CLIENTS.goose.entry(optional).entry.env_keys).toEqual([]);
    expect(CLIENTS['claude-desktop'].note?.(optional, 'f')).toMatch(/^OPT_API_KEY is optional and left out/);
  });

  it('the CLI writes the default file under HOME, with a note, and never the value of an exported secret', async () => {
    const root = tempDir();
    const home = path.join(root, 'home');
    const server = writeFakeServer(path.join(root, 'notes-mcp'), { name: 'notes-mcp' });
    fs.writeFileSync(
      path.join(server, 'server.json'),
      JSON.stringify({
        name: 'io.github.test/notes-mcp',
        packages: [{ environmentVariables: [{ name: 'NOTES_API_KEY', isSecret: true, isRequired: true }] }],
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

describe('config --write into Goose config.yaml', () => {
  it('adds the extension, keeps comments and other extensions, and is idempotent', async () => {
    const file = path.join(tempDir(), 'config.yaml');
    const seeded =
      '# my goose\nGOOSE_PROVIDER: openai # provider\nextensions:\n  developer:\n    enabled: true # on\n    type: builtin\n';
    fs.writeFileSync(file, seeded);
    await writeClientConfig('goose', spec, file);
    const written = fs.readFileSync(file, 'utf8');
    expect(written.startsWith(seeded)).toBe(true);
    expect(parseYaml(written).extensions['notes-mcp']).toEqual({
      name: 'notes-mcp',
      description: 'MCP server notes-mcp',
      type: 'stdio',
      cmd: 'node',
      args: spec.args,
      enabled: true,
      envs: {},
      env_keys: ['NOTES_API_KEY'],
      timeout: 300,
    });
    expect(await writeClientConfig('goose', spec, file)).toBe(`${file} already has notes-mcp: nothing changed`);
  });

  it('refuses a malformed file with its line and column', async () => {
    const file = path.join(tempDir(), 'config.yaml');
    fs.writeFileSync(file, 'extensions:\n  a: [1,\n');
    await expect(writeClientConfig('goose', spec, file)).rejects.toThrow(/is not valid YAML at line \d+, column \d+/);
  });
});

describe('config --client all, --scope and --dry-run (the CLI)', () => {
  const setup = () => {
    const root = tempDir();
    const home = path.join(root, 'home');
    const project = path.join(root, 'project');
    fs.mkdirSync(project, { recursive: true });
    const server = writeFakeServer(path.join(root, 'notes-mcp'), { name: 'notes-mcp' });
    // Only these three clients are "installed" in this HOME.
    for (const dir of ['.claude', '.cursor', '.gemini', '.codex'])
      fs.mkdirSync(path.join(home, dir), { recursive: true });
    const env = {
      HOME: home,
      XDG_CONFIG_HOME: '',
      CODEX_HOME: '',
      CLAUDE_CONFIG_DIR: '',
      COPILOT_HOME: '',
      APPDATA: '',
    };
    const run = (args: string[]) =>
      factoryCli(['config', 'notes-mcp', ...args, '--path', server], { cwd: project, env });
    return { home, project, run };
  };

  it('--client all writes the user file of every client found on the machine and no other', async () => {
    const { home, project, run } = setup();
    const out = await run(['--client', 'all', '--write']);
    expect(out.exitCode).toBe(0);
    const files = [
      path.join(home, '.claude.json'),
      path.join(home, '.cursor', 'mcp.json'),
      path.join(home, '.codex', 'config.toml'),
      path.join(home, '.gemini', 'settings.json'),
    ];
    expect(out.stdout).toBe(files.map((file) => `wrote notes-mcp into ${file} (new file)\n`).join(''));
    for (const file of files) expect(fs.existsSync(file)).toBe(true);
    expect(fs.readdirSync(home).sort()).toEqual(['.claude', '.claude.json', '.codex', '.cursor', '.gemini']);
    expect(fs.readdirSync(project)).toEqual([]);

    fs.rmSync(home, { recursive: true });
    const none = await run(['--client', 'all', '--write']);
    expect(none.exitCode).toBe(1);
    expect(none.stderr).toBe(
      `mcp-factory: no MCP client found on this machine (looked for ${CLIENT_IDS.join(', ')})\n`,
    );
    expect(fs.existsSync(home)).toBe(false);
  }, 30_000);

  it('--dry-run prints the diff and writes nothing; --scope project picks the project file', async () => {
    const { home, project, run } = setup();
    const settings = path.join(home, '.gemini', 'settings.json');
    fs.writeFileSync(settings, '{\n  "theme": "dark"\n}\n');
    const dry = await run(['--client', 'gemini', '--dry-run']);
    expect(dry.exitCode).toBe(0);
    expect(dry.stdout).toContain(`--- ${settings}\tnow\n+++ ${settings}\tafter --write\n`);
    expect(dry.stdout).toContain('-  "theme": "dark"\n+  "theme": "dark",\n+  "mcpServers": {\n');
    expect(fs.readFileSync(settings, 'utf8')).toBe('{\n  "theme": "dark"\n}\n');
    expect(fs.readdirSync(path.join(home, '.gemini'))).toEqual(['settings.json']);

    const projectScope = await run(['--client', 'gemini', '--scope', 'project', '--write']);
    expect(projectScope.stdout).toBe(
      `wrote notes-mcp into ${path.join(project, '.gemini', 'settings.json')} (new file)\n`,
    );
    const none = await run(['--client', 'windsurf', '--scope', 'project', '--write']);
    expect(none.exitCode).toBe(1);
    expect(none.stderr).toBe('mcp-factory: Windsurf documents no project config file\n');
  }, 30_000);
});
