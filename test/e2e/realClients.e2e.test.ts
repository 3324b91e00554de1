// `mcp-factory config --write` proven in real clients: Claude Code, Codex, Gemini CLI and opencode, installed from
// npm at pinned versions (test/helpers/realClients.ts) and run offline in a temporary HOME. The configs
// are written by the CLI only; each client's own command must then show the generated server connected
// (and, for Claude Code and Codex, its tools: Gemini CLI's and opencode's list commands show none, and a
// session of theirs needs a login), and a deliberately broken entry as failed, so a client
// that reads nothing, or reports everything as fine, cannot pass. The generated `rest` server's API key
// is optional and unset here: Claude Code must not warn that it is missing (an unset `${VAR}` would be
// passed as the literal key).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect } from '@jest/globals';
import { $ } from 'zx';
import { factoryCli, writeFakeServer } from '../helpers/factoryCli.js';
import { tempDir } from '../helpers/fsSnapshot.js';
import { installedRestServer } from '../helpers/generatedRepo.js';
import { clientEnv, installedClient, REAL_CLIENTS } from '../helpers/realClients.js';
import { beforeAll, it, scaled } from '../helpers/timeouts.js';
import { defined } from '../helpers/defined.js';

const SERVER = 'acme-search';
const BROKEN = 'broken-mcp';

let home: string;
let project: string;
let env: Record<string, string>;
const bins: Record<keyof typeof REAL_CLIENTS, string> = { 'claude-code': '', codex: '', gemini: '', opencode: '' };

/** A client command in the project folder, with nothing but the client environment; stdout and stderr together. */
async function run(bin: string, args: string[], cwd = project): Promise<{ exitCode: number | null; output: string }> {
  const result = await $({ cwd, env, quiet: true, nothrow: true, timeout: '90s' })`${bin} ${args}`;
  return { exitCode: result.exitCode, output: stripVTControlCharacters(`${result.stdout}\n${result.stderr}`) };
}

/**
 * Starts `bin args` and hands each stdout line to `onLine` until it returns a value; then ends the
 * process. Writes `input` lines to stdin first.
 */
function untilLine<T>(
  bin: string,
  args: string[],
  input: string[],
  onLine: (line: string) => T | undefined,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { cwd: project, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`${path.basename(bin)} gave no answer in ${scaled(90_000) / 1000} s; stderr:\n${stderr}`));
    }, scaled(90_000));
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      const value = onLine(line);
      if (value === undefined) return;
      clearTimeout(timer);
      child.kill();
      resolve(value);
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${path.basename(bin)} exited (${code}) before answering; stderr:\n${stderr}`));
    });
    for (const line of input) child.stdin.write(`${line}\n`);
  });
}

let repo: string;

const configCli = (server: string, serverDir: string, client: string, extra: string[] = [], cwd = project) =>
  factoryCli(['config', server, '--client', client, '--write', '--path', serverDir, ...extra], {
    cwd,
    env: { HOME: home, XDG_CONFIG_HOME: '', CODEX_HOME: '', CLAUDE_CONFIG_DIR: '' },
  });

const config = async (server: string, serverDir: string, client: string, extra: string[] = []) => {
  const out = await configCli(server, serverDir, client, extra);
  expect(out.stderr).not.toContain('mcp-factory:');
  expect(out.exitCode).toBe(0);
};

const CODEX_CONFIG = '# my Codex settings\nmodel_reasoning_effort = "low" # mine\n\n[profiles.fast]\nmodel = "gpt-5"\n';
const GEMINI_PROJECT_SETTINGS = '// this project\'s Gemini CLI settings (JSON with comments)\n{\n  "general": {}\n}\n';

beforeAll(async () => {
  const [claude, codex, gemini, opencode, generated] = await Promise.all([
    installedClient(REAL_CLIENTS['claude-code']),
    installedClient(REAL_CLIENTS.codex),
    installedClient(REAL_CLIENTS.gemini),
    installedClient(REAL_CLIENTS.opencode),
    installedRestServer(SERVER),
  ]);
  Object.assign(bins, { 'claude-code': claude, codex, gemini, opencode });
  repo = generated.repo;
  expect((await generated.sh`npm run build`).exitCode).toBe(0);
  // A "server" whose entry point exits at once: every client must report it as failed.
  const broken = writeFakeServer(path.join(tempDir(), BROKEN), { name: BROKEN });

  home = fs.realpathSync(tempDir('mcp-factory-clients-home-'));
  project = fs.realpathSync(tempDir('mcp-factory-clients-project-'));
  env = clientEnv(home);
  // What a user does once by hand in each client: trust the project folder (Claude Code also approves
  // the project's servers), and Gemini CLI's auto-update off in its user settings.
  fs.writeFileSync(
    path.join(home, '.claude.json'),
    JSON.stringify({
      projects: { [project]: { hasTrustDialogAccepted: true, enabledMcpjsonServers: [SERVER] } },
    }),
  );
  fs.mkdirSync(path.join(home, '.gemini'));
  fs.writeFileSync(path.join(home, '.gemini', 'trustedFolders.json'), JSON.stringify({ [project]: 'TRUST_FOLDER' }));
  fs.writeFileSync(
    path.join(home, '.gemini', 'settings.json'),
    JSON.stringify({ general: { disableAutoUpdate: true, disableUpdateNag: true } }, null, 2),
  );
  // A project file with a comment: Gemini CLI reads JSON with comments, so --write keeps it.
  fs.mkdirSync(path.join(project, '.gemini'));
  fs.writeFileSync(path.join(project, '.gemini', 'settings.json'), GEMINI_PROJECT_SETTINGS);

  // opencode's user file with a setting (and auto-update off).
  fs.mkdirSync(path.join(home, '.config', 'opencode'), { recursive: true });
  fs.writeFileSync(path.join(home, '.config', 'opencode', 'opencode.json'), '{\n  "autoupdate": false\n}\n');
  // A Codex config with settings and a table already there: the server goes in as its own section.
  fs.mkdirSync(path.join(home, '.codex'));
  fs.writeFileSync(path.join(home, '.codex', 'config.toml'), CODEX_CONFIG);

  // The server in each client's project file (Codex: its user file), the broken entry in its user file.
  await config(SERVER, repo, 'claude-code'); // .mcp.json in the project
  await config(SERVER, repo, 'codex'); // ~/.codex/config.toml
  await config(SERVER, repo, 'gemini', ['--scope', 'project']); // .gemini/settings.json in the project
  await config(BROKEN, broken, 'claude-code', ['--scope', 'user']); // ~/.claude.json, beside the trust settings
  await config(BROKEN, broken, 'codex');
  await config(BROKEN, broken, 'gemini'); // ~/.gemini/settings.json
  await config(SERVER, repo, 'opencode', ['--scope', 'project']); // opencode.json in the project
  await config(BROKEN, broken, 'opencode'); // ~/.config/opencode/opencode.json
}, 900_000);

describe('Claude Code reads the config --write wrote', () => {
  it('`claude mcp list`: the server connected, the broken entry failed, no warning about the unset optional key', async () => {
    const { output } = await run(bins['claude-code'], ['mcp', 'list']);
    expect(output).toMatch(new RegExp(`^${SERVER}: node \\S+ - ✔ Connected$`, 'm'));
    expect(output).toMatch(new RegExp(`^${BROKEN}: node \\S+ - ✘ Failed to connect`, 'm'));
    expect(output).not.toContain('Missing environment variables');
  });

  it("a session's first event lists the server's tools", async () => {
    const init = await untilLine(
      bins['claude-code'],
      ['-p', 'hello', '--output-format', 'stream-json', '--verbose'],
      [],
      (line) => {
        const event = JSON.parse(line) as {
          type?: string;
          subtype?: string;
          tools?: string[];
          mcp_servers?: Array<{ name: string; status: string }>;
        };
        return event.type === 'system' && event.subtype === 'init' ? event : undefined;
      },
    );
    expect(init.tools).toContain(`mcp__${SERVER}__ping`);
    expect(init.mcp_servers).toEqual(
      expect.arrayContaining([
        { name: SERVER, status: 'connected', source: 'project' },
        expect.objectContaining({ name: BROKEN, status: 'failed' }),
      ]),
    );
  });

  it('rejects a .mcp.json with a comment, so config --write refuses to write into one (one line, nothing changed)', async () => {
    const other = fs.realpathSync(tempDir('mcp-factory-clients-commented-'));
    const commented = '// my servers\n{\n  "mcpServers": {}\n}\n';
    fs.writeFileSync(path.join(other, '.mcp.json'), commented);
    const { output } = await run(bins['claude-code'], ['mcp', 'list'], other);
    expect(output).toContain('[Error] MCP config is not a valid JSON (line 1, column 1)');
    const out = await configCli(SERVER, repo, 'claude-code', [], other);
    expect(out.exitCode).toBe(1);
    expect(out.stderr.trim().split('\n')).toEqual([
      `mcp-factory: ${path.join(other, '.mcp.json')} has a comment at line 1, column 1, and Claude Code reads this file as strict JSON (it would reject it): remove it first; nothing was written`,
    ]);
    expect(fs.readdirSync(other)).toEqual(['.mcp.json']);
    expect(fs.readFileSync(path.join(other, '.mcp.json'), 'utf8')).toBe(commented);
  });
});

describe('Codex reads the config --write wrote', () => {
  it('`codex mcp list` lists both servers, the key forwarded from the environment; the settings before them kept', async () => {
    const written = fs.readFileSync(path.join(home, '.codex', 'config.toml'), 'utf8');
    expect(written.startsWith(`${CODEX_CONFIG}\n[mcp_servers.${SERVER}]\n`)).toBe(true);
    const { exitCode, output } = await run(bins.codex, ['mcp', 'list']);
    expect(exitCode).toBe(0);
    expect(output).toMatch(new RegExp(`^${SERVER}\\s+node\\s+\\S+\\s+ACME_SEARCH_API_KEY=\\*+\\s.*enabled`, 'm'));
    expect(output).toMatch(new RegExp(`^${BROKEN}\\s+node\\s`, 'm'));
  });

  it('`codex --strict-config app-server` (no unknown field; mcpServerStatus/list): the server connected with its tools, the broken one failed', async () => {
    interface Status {
      name: string;
      tools: Record<string, unknown> | null;
      toolsError: string | null;
    }
    const statuses = await untilLine(
      bins.codex,
      ['--strict-config', 'app-server'],
      [
        JSON.stringify({ method: 'initialize', id: 1, params: { clientInfo: { name: 'e2e', version: '1.0.0' } } }),
        JSON.stringify({ method: 'initialized' }),
        JSON.stringify({ method: 'mcpServerStatus/list', id: 2, params: {} }),
      ],
      (line) => {
        const message = JSON.parse(line) as { id?: number; result?: { data: Status[] }; error?: unknown };
        if (message.id !== 2) return undefined;
        if (!message.result) throw new Error(`mcpServerStatus/list failed: ${line}`);
        return message.result.data;
      },
    );
    const byName = Object.fromEntries(statuses.map((s) => [s.name, s]));
    const server = defined(byName[SERVER], `${SERVER}'s status`);
    const broken = defined(byName[BROKEN], `${BROKEN}'s status`);
    expect(Object.keys(server.tools ?? {})).toEqual(['ping']);
    expect(server.toolsError).toBeNull();
    expect(broken.tools ?? {}).toEqual({});
    expect(broken.toolsError).toMatch(/MCP startup failed/);
  });
});

describe('Gemini CLI reads the config --write wrote', () => {
  it('`gemini mcp list`: the server connected, the broken entry disconnected; the project file kept its comment', async () => {
    const settings = fs.readFileSync(path.join(project, '.gemini', 'settings.json'), 'utf8');
    expect(settings.startsWith(GEMINI_PROJECT_SETTINGS.split('\n')[0])).toBe(true);
    const { output } = await run(bins.gemini, ['mcp', 'list']);
    expect(output).toMatch(new RegExp(`^✓ ${SERVER}: node \\S+ \\(stdio\\) - Connected$`, 'm'));
    expect(output).toMatch(new RegExp(`^✗ ${BROKEN}: node \\S+ \\(stdio\\) - Disconnected$`, 'm'));
  });
});

describe('opencode reads the config --write wrote', () => {
  it('`opencode mcp list`: the server connected, the broken entry failed', async () => {
    const { output } = await run(bins.opencode, ['mcp', 'list']);
    expect(output).toMatch(new RegExp(`✓ ${SERVER} connected\\n│\\s+node \\S+`));
    expect(output).toMatch(new RegExp(`✗ ${BROKEN} failed\\n`));
  });
});
