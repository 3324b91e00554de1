// Real MCP clients for the e2e suite, installed from npm at pinned versions into a cache folder outside
// the repo (the OS cache folder, or MCP_FACTORY_TEST_CLIENTS_DIR), once per machine: together they take
// about 1.3 GB (Claude Code's package carries a ~400 MB native binary, opencode's a ~180 MB one). Each client runs offline with a
// temporary HOME and an environment built from scratch: PATH, HOME and the variables that turn off
// auto-update and telemetry; no API key or login of the machine reaches it.
import fs from 'node:fs';
import path from 'node:path';
import envPaths from 'env-paths';
import { $ } from 'zx';
import { repoEnv } from './generatedRepo.js';

export interface RealClient {
  package: string;
  version: string;
  bin: string;
}

export const REAL_CLIENTS = {
  'claude-code': { package: '@anthropic-ai/claude-code', version: '2.1.332', bin: 'claude' },
  codex: { package: '@openai/codex', version: '0.171.0', bin: 'codex' },
  gemini: { package: '@google/gemini-cli', version: '0.61.0', bin: 'gemini' },
  opencode: { package: 'opencode-ai', version: '1.18.33', bin: 'opencode' },
} satisfies Record<string, RealClient>;

export const clientsCacheDir = (): string =>
  process.env.MCP_FACTORY_TEST_CLIENTS_DIR || envPaths('mcp-factory-test-clients', { suffix: '' }).cache;

/**
 * The client's executable, installed first when its pinned version is not in the cache yet. The install
 * goes to a fresh folder that is renamed into place, so an interrupted one leaves nothing half there.
 */
export async function installedClient(client: RealClient): Promise<string> {
  const dir = path.join(clientsCacheDir(), `${client.package.replace('/', '+')}@${client.version}`);
  const bin = path.join(dir, 'node_modules', '.bin', client.bin);
  if (fs.existsSync(bin)) return bin;
  fs.mkdirSync(clientsCacheDir(), { recursive: true });
  const staging = fs.mkdtempSync(`${dir}.installing-`);
  // Outside the repo and without its node-options, which the npm run that started the tests passes on
  // (repoEnv): the repo's .npmrc loads tsx into every node, and Claude Code's install script (which puts its
  // native binary in place) fails under it.
  const install = await $({
    cwd: clientsCacheDir(),
    quiet: true,
    nothrow: true,
    env: repoEnv(),
  })`npm install --prefix ${staging} --no-audit --no-fund --no-package-lock ${`${client.package}@${client.version}`}`;
  if (install.exitCode !== 0) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw new Error(`npm install ${client.package}@${client.version} failed:\n${install.stderr}`);
  }
  try {
    fs.renameSync(staging, dir);
  } catch (error) {
    // Another run installed it meanwhile.
    fs.rmSync(staging, { recursive: true, force: true });
    if (!fs.existsSync(bin)) throw error;
  }
  return bin;
}

/** The whole environment a client runs with: no key, no login, no update check, no telemetry. */
export function clientEnv(home: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    TMPDIR: process.env.TMPDIR ?? '/tmp',
    NODE_OPTIONS: '',
    NO_COLOR: '1',
    // Claude Code
    DISABLE_AUTOUPDATER: '1',
    DISABLE_TELEMETRY: '1',
    DISABLE_ERROR_REPORTING: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    // Gemini CLI (its settings.json also turns auto-update off, see the suite)
    GEMINI_TELEMETRY_ENABLED: 'false',
    // opencode (its opencode.json also says autoupdate: false)
    OPENCODE_DISABLE_AUTOUPDATE: '1',
    OPENCODE_DISABLE_SHARE: '1',
  };
}
