// The five clients `mcp-factory config` knows: where each keeps its MCP servers and the entry it
// expects. Secrets are never written as values: each entry references the variable the way that client
// can (an env reference, VS Code's own password prompt, Codex's env_vars pass-through). Claude Desktop
// expands nothing, so its entry carries a placeholder to replace (or use the .mcpb bundle instead).
import os from 'node:os';
import path from 'node:path';
import type { LaunchSpec } from '../launch.js';

export const CLIENT_IDS = ['claude-desktop', 'claude-code', 'vscode', 'cursor', 'codex'] as const;
export type ClientId = (typeof CLIENT_IDS)[number];

export interface JsonEntry {
  format: 'json';
  /** Where the servers live in the document: mcpServers or servers. */
  root: string;
  entry: Record<string, unknown>;
  /** VS Code `inputs`: prompts the client shows (password ones kept in its secret storage). */
  inputs?: Array<Record<string, unknown>>;
}

export interface TomlEntry {
  format: 'toml';
  root: string;
  entry: Record<string, unknown>;
}

export interface ClientDefinition {
  id: ClientId;
  label: string;
  /** The config file --write edits. */
  file(env: NodeJS.ProcessEnv, cwd: string): string;
  entry(spec: LaunchSpec): JsonEntry | TomlEntry;
  /** A line to tell the user after printing or writing (e.g. a placeholder to replace). */
  note?(spec: LaunchSpec, file: string): string | undefined;
}

const home = (env: NodeJS.ProcessEnv) => env.HOME || os.homedir();

/** The per-user application config folder (where Claude Desktop and VS Code keep theirs). */
function appConfigDir(env: NodeJS.ProcessEnv): string {
  if (process.platform === 'darwin') return path.join(home(env), 'Library', 'Application Support');
  if (process.platform === 'win32') return env.APPDATA || path.join(home(env), 'AppData', 'Roaming');
  return env.XDG_CONFIG_HOME || path.join(home(env), '.config');
}

const envOf = (spec: LaunchSpec, reference: (name: string) => string) =>
  spec.vars.length ? { env: Object.fromEntries(spec.vars.map((v) => [v.name, reference(v.name)])) } : {};

const inputId = (name: string) => name.toLowerCase().replaceAll('_', '-');

export const CLIENTS: Record<ClientId, ClientDefinition> = {
  'claude-desktop': {
    id: 'claude-desktop',
    label: 'Claude Desktop',
    file: (env) => path.join(appConfigDir(env), 'Claude', 'claude_desktop_config.json'),
    entry: (spec) => ({
      format: 'json',
      root: 'mcpServers',
      entry: { command: spec.command, args: spec.args, ...envOf(spec, (name) => `<set ${name}>`) },
    }),
    note: (spec, file) =>
      spec.vars.length
        ? `Claude Desktop passes env values as written: replace ${spec.vars.map((v) => `<set ${v.name}>`).join(', ')} in ${file}, or install the server as a bundle (\`mcp-factory bundle\`: Claude Desktop then asks for it and keeps it in the OS keychain)`
        : undefined,
  },
  'claude-code': {
    id: 'claude-code',
    label: 'Claude Code (project scope, .mcp.json)',
    file: (_env, cwd) => path.join(cwd, '.mcp.json'),
    entry: (spec) => ({
      format: 'json',
      root: 'mcpServers',
      entry: { type: 'stdio', command: spec.command, args: spec.args, ...envOf(spec, (name) => `\${${name}}`) },
    }),
    note: (spec) =>
      spec.vars.length
        ? `Claude Code reads ${spec.vars.map((v) => v.name).join(', ')} from its environment`
        : undefined,
  },
  vscode: {
    id: 'vscode',
    label: 'VS Code (user mcp.json)',
    file: (env) => path.join(appConfigDir(env), 'Code', 'User', 'mcp.json'),
    entry: (spec) => ({
      format: 'json',
      root: 'servers',
      entry: {
        type: 'stdio',
        command: spec.command,
        args: spec.args,
        ...envOf(spec, (name) => `\${input:${inputId(name)}}`),
      },
      inputs: spec.vars.map((v) => ({
        type: 'promptString',
        id: inputId(v.name),
        description: v.description || v.name,
        ...(v.secret ? { password: true } : {}),
      })),
    }),
  },
  cursor: {
    id: 'cursor',
    label: 'Cursor (~/.cursor/mcp.json)',
    file: (env) => path.join(home(env), '.cursor', 'mcp.json'),
    entry: (spec) => ({
      format: 'json',
      root: 'mcpServers',
      entry: { command: spec.command, args: spec.args, ...envOf(spec, (name) => `\${env:${name}}`) },
    }),
    note: (spec) =>
      spec.vars.length ? `Cursor reads ${spec.vars.map((v) => v.name).join(', ')} from its environment` : undefined,
  },
  codex: {
    id: 'codex',
    label: 'Codex (~/.codex/config.toml)',
    file: (env) => path.join(env.CODEX_HOME || path.join(home(env), '.codex'), 'config.toml'),
    entry: (spec) => ({
      format: 'toml',
      root: 'mcp_servers',
      // env_vars: Codex forwards these from its own environment, so no value is ever written.
      entry: {
        command: spec.command,
        args: spec.args,
        ...(spec.vars.length ? { env_vars: spec.vars.map((v) => v.name) } : {}),
      },
    }),
    note: (spec) =>
      spec.vars.length ? `Codex forwards ${spec.vars.map((v) => v.name).join(', ')} from its environment` : undefined,
  },
};
