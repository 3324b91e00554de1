// The clients `mcp-factory config` knows: where each keeps its MCP servers (user and project scope) and
// the entry it expects. Secrets are never written as values: each entry references the variable the
// way that client can (an env reference, VS Code's own password prompt, Codex's env_vars pass-through,
// Goose's env_keys). An optional variable is written only in a form the client turns into an empty
// value when it is unset (`${VAR:-}`, opencode's `{env:VAR}`, a prompt, a pass-through); where the
// client has no such form, or we could not verify it, it is left out and a note says how to add it:
// an unset reference or a placeholder would otherwise reach the server, and the API, as the key.
//
// Verified with the real client (test/e2e/realClients.e2e.test.ts): Claude Code, Codex, Gemini CLI and
// opencode. The others follow their documentation only; the doubts are written beside each entry below
// and in the README.
import os from 'node:os';
import path from 'node:path';
import type { LaunchSpec, LaunchVar } from '../launch.js';

export const CLIENT_IDS = [
  'claude-desktop',
  'claude-code',
  'vscode',
  'cursor',
  'codex',
  'gemini',
  'copilot',
  'windsurf',
  'zed',
  'goose',
  'opencode',
] as const;
export type ClientId = (typeof CLIENT_IDS)[number];
export type Scope = 'user' | 'project';

/** A value of an entry: what these clients' MCP entries hold. */
export type EntryValue = string | number | boolean | string[] | { [name: string]: string };
export type Entry = { [key: string]: EntryValue };

/** VS Code `inputs`: a prompt the client shows (a password one is kept in its secret storage). */
export interface PromptInput {
  type: 'promptString';
  id: string;
  description: string;
  password?: boolean;
}

export interface JsonEntry {
  format: 'json';
  /**
   * The client reads the file as strict JSON (no comments, no trailing commas): --write refuses a file
   * the client could not read instead of keeping its comments.
   */
  strict: boolean;
  /** Where the servers live in the document: mcpServers, servers, context_servers, mcp. */
  root: string;
  entry: Entry;
  /** The key of the entry's environment object (env, or opencode's environment). */
  envKey?: string;
  inputs?: PromptInput[];
}

export interface TomlEntry {
  format: 'toml';
  root: string;
  entry: Entry;
}

export interface YamlEntry {
  format: 'yaml';
  root: string;
  entry: Entry;
}

export type ClientEntry = JsonEntry | TomlEntry | YamlEntry;

export interface ClientDefinition {
  id: ClientId;
  label: string;
  /** The config file of each scope the client documents. */
  files: Partial<Record<Scope, (env: NodeJS.ProcessEnv, cwd: string) => string>>;
  /** The scope written when none is asked for: user, unless said otherwise. */
  defaultScope?: Scope;
  /** Paths whose presence shows the client is used on this machine (for `--client all`). */
  markers(env: NodeJS.ProcessEnv): string[];
  entry(spec: LaunchSpec): ClientEntry;
  /** A line to tell the user after printing or writing (e.g. a placeholder to replace). */
  note?(spec: LaunchSpec, file: string): string | undefined;
}

const home = (env: NodeJS.ProcessEnv) => env.HOME || os.homedir();

/** The per-user application config folder (where Claude Desktop and VS Code keep theirs). */
function appConfigDir(env: NodeJS.ProcessEnv): string {
  if (process.platform === 'darwin') return path.join(home(env), 'Library', 'Application Support');
  if (process.platform === 'win32') return env.APPDATA || path.join(home(env), 'AppData', 'Roaming');
  return xdgConfigDir(env);
}

/** `$XDG_CONFIG_HOME` or `~/.config`, which Zed, Goose and opencode use on macOS too. */
const xdgConfigDir = (env: NodeJS.ProcessEnv) => env.XDG_CONFIG_HOME || path.join(home(env), '.config');

const claudeCodeHome = (env: NodeJS.ProcessEnv) => env.CLAUDE_CONFIG_DIR || home(env);
const codexHome = (env: NodeJS.ProcessEnv) => env.CODEX_HOME || path.join(home(env), '.codex');
const copilotHome = (env: NodeJS.ProcessEnv) => env.COPILOT_HOME || path.join(home(env), '.copilot');

const required = (spec: LaunchSpec) => spec.vars.filter((v) => v.required);
const optional = (spec: LaunchSpec) => spec.vars.filter((v) => !v.required);
const names = (vars: LaunchVar[]) => vars.map((v) => v.name).join(', ');

/** `{ env: { NAME: reference } }` for the given variables, nothing when there are none. */
function envOf(vars: LaunchVar[], reference: (v: LaunchVar) => string, key = 'env'): Entry {
  return vars.length ? { [key]: Object.fromEntries(vars.map((v) => [v.name, reference(v)])) } : {};
}

/** The note for optional variables a client's entry leaves out. */
function leftOut(spec: LaunchSpec, client: string, form: (name: string) => string): string | undefined {
  const vars = optional(spec);
  if (!vars.length) return undefined;
  return `${names(vars)} ${vars.length > 1 ? 'are' : 'is'} optional and left out of the ${client} entry (an unset reference could reach the server as the key): to use ${vars.length > 1 ? 'them' : 'it'}, add ${vars.map((v) => `"${v.name}": "${form(v.name)}"`).join(', ')} to its env`;
}

const readsFromEnvironment = (client: string, vars: LaunchVar[]) =>
  vars.length ? `${client} reads ${names(vars)} from its environment` : undefined;

const joinNotes = (...notes: Array<string | undefined>) => notes.filter(Boolean).join('; ') || undefined;

const inputId = (name: string) => name.toLowerCase().replaceAll('_', '-');

/** command + args, the shape most clients share. */
const launch = (spec: LaunchSpec): Entry => ({ command: spec.command, args: spec.args });

export const CLIENTS: Record<ClientId, ClientDefinition> = {
  'claude-desktop': {
    id: 'claude-desktop',
    label: 'Claude Desktop',
    files: { user: (env) => path.join(appConfigDir(env), 'Claude', 'claude_desktop_config.json') },
    markers: (env) => [path.join(appConfigDir(env), 'Claude')],
    // Claude Desktop expands nothing: a required variable gets a placeholder to replace (the server
    // then refuses to start until it is), an optional one is left out (a placeholder would be sent).
    entry: (spec) => ({
      format: 'json',
      strict: true,
      root: 'mcpServers',
      entry: { ...launch(spec), ...envOf(required(spec), (v) => `<set ${v.name}>`) },
    }),
    note: (spec, file) =>
      joinNotes(
        required(spec).length
          ? `Claude Desktop passes env values as written: replace ${required(spec)
              .map((v) => `<set ${v.name}>`)
              .join(
                ', ',
              )} in ${file}, or install the server as a bundle (\`mcp-factory bundle\`: Claude Desktop then asks for it and keeps it in the OS keychain)`
          : undefined,
        optional(spec).length
          ? `${names(optional(spec))} ${optional(spec).length > 1 ? 'are' : 'is'} optional and left out of the Claude Desktop entry: add the value to its env to use it, or use the bundle`
          : undefined,
      ),
  },
  'claude-code': {
    id: 'claude-code',
    label: 'Claude Code',
    defaultScope: 'project',
    files: {
      project: (_env, cwd) => path.join(cwd, '.mcp.json'),
      user: (env) => path.join(claudeCodeHome(env), '.claude.json'),
    },
    markers: (env) => [path.join(claudeCodeHome(env), '.claude.json'), path.join(home(env), '.claude')],
    // Verified: `${VAR}` unset is passed literally (with a warning), `${VAR:-}` becomes empty.
    entry: (spec) => ({
      format: 'json',
      strict: true,
      root: 'mcpServers',
      entry: {
        type: 'stdio',
        ...launch(spec),
        ...envOf(spec.vars, (v) => (v.required ? `\${${v.name}}` : `\${${v.name}:-}`)),
      },
    }),
    note: (spec) => readsFromEnvironment('Claude Code', spec.vars),
  },
  vscode: {
    id: 'vscode',
    label: 'VS Code',
    files: {
      user: (env) => path.join(appConfigDir(env), 'Code', 'User', 'mcp.json'),
      project: (_env, cwd) => path.join(cwd, '.vscode', 'mcp.json'),
    },
    markers: (env) => [path.join(appConfigDir(env), 'Code')],
    // An input prompt: an optional key may be left empty there, which VS Code passes as an empty value.
    entry: (spec) => ({
      format: 'json',
      strict: false,
      root: 'servers',
      entry: { type: 'stdio', ...launch(spec), ...envOf(spec.vars, (v) => `\${input:${inputId(v.name)}}`) },
      inputs: spec.vars.map((v) => ({
        type: 'promptString',
        id: inputId(v.name),
        description: `${v.description || v.name}${v.required ? '' : ' (optional: leave empty to go without)'}`,
        ...(v.secret ? { password: true } : {}),
      })),
    }),
  },
  cursor: {
    id: 'cursor',
    label: 'Cursor',
    files: {
      user: (env) => path.join(home(env), '.cursor', 'mcp.json'),
      project: (_env, cwd) => path.join(cwd, '.cursor', 'mcp.json'),
    },
    markers: (env) => [path.join(home(env), '.cursor')],
    // Documented: `${env:NAME}` in env. Unverified: what Cursor passes when NAME is unset, so an
    // optional variable is left out.
    entry: (spec) => ({
      format: 'json',
      strict: false,
      root: 'mcpServers',
      entry: { ...launch(spec), ...envOf(required(spec), (v) => `\${env:${v.name}}`) },
    }),
    note: (spec) =>
      joinNotes(
        readsFromEnvironment('Cursor', required(spec)),
        leftOut(spec, 'Cursor', (name) => `\${env:${name}}`),
      ),
  },
  codex: {
    id: 'codex',
    label: 'Codex',
    files: {
      user: (env) => path.join(codexHome(env), 'config.toml'),
      // Read in a trusted project (`codex mcp list` 0.171.0, by hand); not in the e2e suite.
      project: (_env, cwd) => path.join(cwd, '.codex', 'config.toml'),
    },
    markers: (env) => [codexHome(env)],
    // env_vars: Codex forwards these from its own environment when set, so no value is ever written
    // and an unset optional one is simply absent. Verified.
    entry: (spec) => ({
      format: 'toml',
      root: 'mcp_servers',
      entry: { ...launch(spec), ...(spec.vars.length ? { env_vars: spec.vars.map((v) => v.name) } : {}) },
    }),
    note: (spec) => (spec.vars.length ? `Codex forwards ${names(spec.vars)} from its environment` : undefined),
  },
  gemini: {
    id: 'gemini',
    label: 'Gemini CLI',
    files: {
      user: (env) => path.join(home(env), '.gemini', 'settings.json'),
      project: (_env, cwd) => path.join(cwd, '.gemini', 'settings.json'),
    },
    markers: (env) => [path.join(home(env), '.gemini')],
    // Gemini CLI strips comments from settings.json and expands `$VAR`, `${VAR}` and `${VAR:-default}`
    // (an unset `${VAR}` stays literal). It hides variables that look like secrets from the servers it
    // starts, so each one is passed explicitly. Verified.
    entry: (spec) => ({
      format: 'json',
      strict: false,
      root: 'mcpServers',
      entry: { ...launch(spec), ...envOf(spec.vars, (v) => (v.required ? `\${${v.name}}` : `\${${v.name}:-}`)) },
    }),
    note: (spec) => readsFromEnvironment('Gemini CLI', spec.vars),
  },
  copilot: {
    id: 'copilot',
    label: 'GitHub Copilot CLI',
    // Documented: ~/.copilot/mcp-config.json (COPILOT_HOME moves it); `copilot mcp list` and `get` 1.0.102 read
    // this entry (by hand). 1.0.102 also mentions a project .mcp.json or .github/mcp.json: unverified, not written.
    files: { user: (env) => path.join(copilotHome(env), 'mcp-config.json') },
    markers: (env) => [copilotHome(env)],
    // Documented shape: type "local", command, args, env, tools. Unverified: how env values are
    // expanded (`${VAR}` is written for a required variable) and what an unset one becomes, so an
    // optional variable is left out.
    entry: (spec) => ({
      format: 'json',
      strict: true,
      root: 'mcpServers',
      entry: {
        type: 'local',
        ...launch(spec),
        ...envOf(required(spec), (v) => `\${${v.name}}`),
        tools: ['*'],
      },
    }),
    note: (spec) =>
      joinNotes(
        readsFromEnvironment('Copilot CLI', required(spec)),
        leftOut(spec, 'Copilot CLI', (name) => `\${${name}}`),
      ),
  },
  windsurf: {
    id: 'windsurf',
    label: 'Windsurf',
    files: { user: (env) => path.join(home(env), '.codeium', 'windsurf', 'mcp_config.json') },
    markers: (env) => [path.join(home(env), '.codeium', 'windsurf')],
    // Documented: mcpServers with command/args/env and `${env:NAME}` interpolation. Unverified: the
    // value of an unset NAME, and whether comments are accepted (treated as strict JSON).
    entry: (spec) => ({
      format: 'json',
      strict: true,
      root: 'mcpServers',
      entry: { ...launch(spec), ...envOf(required(spec), (v) => `\${env:${v.name}}`) },
    }),
    note: (spec) =>
      joinNotes(
        readsFromEnvironment('Windsurf', required(spec)),
        leftOut(spec, 'Windsurf', (name) => `\${env:${name}}`),
      ),
  },
  zed: {
    id: 'zed',
    label: 'Zed',
    files: {
      user: (env) => path.join(xdgConfigDir(env), 'zed', 'settings.json'),
      project: (_env, cwd) => path.join(cwd, '.zed', 'settings.json'),
    },
    markers: (env) => [path.join(xdgConfigDir(env), 'zed')],
    // Documented: context_servers.NAME = { command, args, env } in settings.json (JSON with comments;
    // older Zed releases wanted `"source": "custom"` too). Zed expands no variables and starts the server
    // with its own environment, so no env is written: the variables come from the environment Zed was
    // started in. Unverified.
    entry: (spec) => ({ format: 'json', strict: false, root: 'context_servers', entry: launch(spec) }),
    note: (spec) =>
      spec.vars.length
        ? `Zed expands no variables: the server gets ${names(spec.vars)} from the environment Zed starts it with (or add them to its "env")`
        : undefined,
  },
  goose: {
    id: 'goose',
    label: 'Goose',
    // Documented: config.yaml in Goose's config folder; no project file.
    files: {
      user: (env) =>
        process.platform === 'win32'
          ? path.join(
              env.APPDATA || path.join(home(env), 'AppData', 'Roaming'),
              'Block',
              'goose',
              'config',
              'config.yaml',
            )
          : path.join(xdgConfigDir(env), 'goose', 'config.yaml'),
    },
    markers: (env) => [path.join(xdgConfigDir(env), 'goose')],
    // Documented stdio extension: name, description, type, cmd, args, enabled, envs, env_keys, timeout. env_keys are
    // looked up in the environment (then Goose's keyring) when the extension starts; a missing one fails
    // the start, so an optional variable is left out. Unverified.
    entry: (spec) => ({
      format: 'yaml',
      root: 'extensions',
      entry: {
        name: spec.key,
        // Optional in recent releases, required in some earlier ones: always written.
        description: `MCP server ${spec.key}`,
        type: 'stdio',
        cmd: spec.command,
        args: spec.args,
        enabled: true,
        envs: {},
        env_keys: required(spec).map((v) => v.name),
        timeout: 300,
      },
    }),
    note: (spec) =>
      joinNotes(
        required(spec).length
          ? `Goose reads ${names(required(spec))} from its environment or its keyring (\`goose configure\`)`
          : undefined,
        optional(spec).length
          ? `${names(optional(spec))} ${optional(spec).length > 1 ? 'are' : 'is'} optional and left out of env_keys (Goose fails to start an extension whose key is missing): add ${optional(spec).length > 1 ? 'them' : 'it'} once set`
          : undefined,
      ),
  },
  opencode: {
    id: 'opencode',
    label: 'opencode',
    files: {
      user: (env) => path.join(xdgConfigDir(env), 'opencode', 'opencode.json'),
      project: (_env, cwd) => path.join(cwd, 'opencode.json'),
    },
    markers: (env) => [path.join(xdgConfigDir(env), 'opencode')],
    // mcp.NAME = { type: "local", command: [..], environment, enabled }; `{env:VAR}` becomes the
    // variable's value, or an empty string when it is unset (read in opencode 1.18.33's code); the file may
    // hold comments. Verified.
    entry: (spec) => ({
      format: 'json',
      strict: false,
      root: 'mcp',
      envKey: 'environment',
      entry: {
        type: 'local',
        command: [spec.command, ...spec.args],
        enabled: true,
        ...envOf(spec.vars, (v) => `{env:${v.name}}`, 'environment'),
      },
    }),
    note: (spec) => readsFromEnvironment('opencode', spec.vars),
  },
};

/** The config file a client's entry goes to (the scope asked for, or the client's default); undefined when the client documents none for that scope. */
export function clientFile(
  client: ClientDefinition,
  scope: Scope | undefined,
  env: NodeJS.ProcessEnv,
  cwd: string,
): string | undefined {
  return client.files[scope ?? client.defaultScope ?? 'user']?.(env, cwd);
}
