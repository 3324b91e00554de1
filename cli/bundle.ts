// An MCP Bundle (.mcpb, Claude Desktop's one-click install) of a discovered server, made with the
// official @anthropic-ai/mcpb library: a manifest.json from package.json + server.json (its tools and
// prompts, each environment variable as user_config, secrets marked sensitive, never a value), the built
// server and its production dependencies, validated (`mcpb validate`'s own code) and packed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MANIFEST_SCHEMAS, packExtension, validateManifest } from '@anthropic-ai/mcpb';
import type { Client } from '@modelcontextprotocol/client';
import type { ServerInfo } from './discover.js';
import { CliError } from './errors.js';
import { declaredVars } from './launch.js';
import { readPackageJson, type PackageJson } from './packageJson.js';

const MANIFEST_VERSION = '0.3';

export interface BundleTool {
  name: string;
  description?: string;
}

/** A prompt as the MCPB manifest lists it: argument names, and its text with `${arguments.<name>}` placeholders. */
export interface BundlePrompt {
  name: string;
  description?: string;
  arguments?: string[];
  text: string;
}

/** What the manifest lists, asked of the running server: its tools, and its prompts when it has any. */
export async function bundleContents(client: Client): Promise<{ tools: BundleTool[]; prompts: BundlePrompt[] }> {
  const { tools } = await client.listTools();
  const prompts: BundlePrompt[] = [];
  if (!client.getServerCapabilities()?.prompts) return { tools, prompts };
  let cursor: string | undefined;
  do {
    const page = await client.listPrompts(cursor ? { cursor } : undefined);
    for (const prompt of page.prompts) prompts.push(await bundlePrompt(client, prompt));
    cursor = page.nextCursor;
  } while (cursor);
  return { tools, prompts };
}

type ListedPrompt = Awaited<ReturnType<Client['listPrompts']>>['prompts'][number];

/**
 * The manifest's `text` of a prompt: the server renders it with each argument set to its MCPB placeholder
 * (`${arguments.topic}`, the syntax `mcpb init` writes), so the text is the server's own message. A prompt
 * that refuses those values (it checks its arguments against a list, say) keeps its description as text:
 * the manifest's prompts are for display, the server still answers prompts/get itself.
 */
async function bundlePrompt(client: Client, prompt: ListedPrompt): Promise<BundlePrompt> {
  const names = (prompt.arguments ?? []).map((a) => a.name);
  let text: string;
  try {
    const rendered = await client.getPrompt({
      name: prompt.name,
      arguments: Object.fromEntries(names.map((n) => [n, `\${arguments.${n}}`])),
    });
    text = rendered.messages.flatMap((m) => (m.content.type === 'text' ? [m.content.text] : [])).join('\n\n');
  } catch {
    text = prompt.description ?? prompt.name;
  }
  return {
    name: prompt.name,
    ...(prompt.description ? { description: prompt.description } : {}),
    ...(names.length ? { arguments: names } : {}),
    text,
  };
}

/** The user_config key of a variable: lower snake case. */
export const configKey = (name: string) => name.toLowerCase();

function authorOf(pkg: PackageJson, mcpName: string): { name: string; email?: string; url?: string } {
  if (typeof pkg.author === 'string' && pkg.author.trim()) return { name: pkg.author.trim() };
  if (pkg.author && typeof pkg.author === 'object' && pkg.author.name) return { ...pkg.author, name: pkg.author.name };
  return { name: mcpName.split('/')[0] }; // the registry namespace owns the server
}

export function manifestOf(
  server: ServerInfo,
  tools: BundleTool[],
  prompts: BundlePrompt[] = [],
): Record<string, unknown> {
  const pkg = readPackageJson(path.join(server.path, 'package.json'));
  const entry = `server/${path.relative(server.path, server.entry).split(path.sep).join('/')}`;
  const vars = declaredVars(server);
  return {
    manifest_version: MANIFEST_VERSION,
    name: server.name.replace(/^@[^/]+\//, ''),
    display_name: server.name,
    version: server.version || '0.0.0',
    description: server.description || server.name,
    author: authorOf(pkg, server.mcpName),
    ...(pkg.license ? { license: pkg.license } : {}),
    ...(pkg.keywords?.length ? { keywords: pkg.keywords } : {}),
    server: {
      type: 'node',
      entry_point: entry,
      mcp_config: {
        command: 'node',
        args: [`\${__dirname}/${entry}`],
        ...(vars.length
          ? { env: Object.fromEntries(vars.map((v) => [v.name, `\${user_config.${configKey(v.name)}}`])) }
          : {}),
      },
    },
    tools: tools.map((t) => ({ name: t.name, ...(t.description ? { description: t.description } : {}) })),
    ...(prompts.length ? { prompts } : {}),
    ...(vars.length
      ? {
          user_config: Object.fromEntries(
            vars.map((v) => [
              configKey(v.name),
              {
                type: 'string',
                title: v.name,
                description: v.description || v.name,
                required: v.required,
                ...(v.secret ? { sensitive: true } : {}),
              },
            ]),
          ),
        }
      : {}),
  };
}

/** Production dependencies' folders (npm ls reads node_modules only; nothing is downloaded). */
function productionDependencies(server: ServerInfo): string[] {
  const pkg = readPackageJson(path.join(server.path, 'package.json'));
  if (!pkg.dependencies || Object.keys(pkg.dependencies).length === 0) return [];
  // npm ls exits 1 on any tree problem (an extraneous package, say) but still lists what is installed.
  const ls = spawnSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: server.path, encoding: 'utf8' });
  if (!ls.stdout?.trim()) {
    throw new CliError(
      `could not list the production dependencies of ${server.name} (run \`npm install\` in ${server.path})`,
    );
  }
  return ls.stdout
    .split('\n')
    .map((line) => line.trim())
    .filter((dir) => dir && path.resolve(dir) !== server.path && dir.includes(`${path.sep}node_modules${path.sep}`));
}

/**
 * The server's files for the bundle: package.json, server.json, the folder its entry lives in
 * (source maps left out), and its production dependencies, except for a server made by this factory,
 * whose build already bundles every dependency into its entry file (the runtime's mcp-factory-build).
 */
function stageServer(server: ServerInfo, into: string): void {
  fs.mkdirSync(into, { recursive: true });
  for (const file of ['package.json', 'server.json', 'README.md', 'LICENSE']) {
    const from = path.join(server.path, file);
    if (fs.existsSync(from)) fs.copyFileSync(from, path.join(into, file));
  }
  const relEntry = path.relative(server.path, server.entry);
  const top = relEntry.split(path.sep)[0];
  const from = path.join(server.path, top);
  fs.cpSync(from, path.join(into, top), { recursive: true, filter: (src) => !src.endsWith('.map') });
  const generatedHere = fs.existsSync(path.join(server.path, '.mcp-factory.json'));
  if (generatedHere) return;
  for (const dep of productionDependencies(server)) {
    const rel = path.relative(server.path, dep);
    fs.cpSync(dep, path.join(into, rel), { recursive: true, dereference: true });
  }
}

/** Runs the library with its console output captured: stdout carries only our result line. */
async function quietly<T>(work: () => T | Promise<T>): Promise<{ result: T; lines: string[] }> {
  const lines: string[] = [];
  const { log, error } = console;
  console.log = (...args: unknown[]) => void lines.push(args.join(' '));
  console.error = console.log;
  try {
    return { result: await work(), lines };
  } finally {
    console.log = log;
    console.error = error;
  }
}

export async function buildBundle(
  server: ServerInfo,
  tools: BundleTool[],
  out: string,
  prompts: BundlePrompt[] = [],
): Promise<{ file: string; bytes: number }> {
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-factory-bundle-'));
  try {
    const manifest = manifestOf(server, tools, prompts);
    // The library's own schema first, for one clear line; then its validator, as `mcpb validate` runs it.
    const parsed = MANIFEST_SCHEMAS[MANIFEST_VERSION].safeParse(manifest);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new CliError(`manifest.json would be invalid: ${issue.path.join('.')}: ${issue.message}`);
    }
    const manifestFile = path.join(staging, 'manifest.json');
    fs.writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
    const validated = await quietly(() => validateManifest(manifestFile));
    if (!validated.result) {
      const problems = validated.lines.filter((l) => l.trim().startsWith('-') || l.includes('ERROR'));
      throw new CliError(`manifest.json is invalid: ${problems.map((p) => p.trim()).join('; ')}`);
    }
    stageServer(server, path.join(staging, 'server'));
    fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
    const packed = await quietly(() => packExtension({ extensionPath: staging, outputPath: out, silent: true }));
    if (!packed.result) throw new CliError(`could not pack ${out}: ${packed.lines.join(' ').trim()}`);
    return { file: path.resolve(out), bytes: fs.statSync(out).size };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
