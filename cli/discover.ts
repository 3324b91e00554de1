// Finds the MCP servers on this machine from metadata alone: nothing of a server is imported or run.
// A package is an MCP server when its package.json has `mcpName` (the official MCP registry's field)
// and it ships a server.json. Sources, merged by mcpName + folder: the factory's catalog, the current
// project (and its node_modules), the global npm root, and folders given with --path.
import fs from 'node:fs';
import path from 'node:path';
import { readCatalog } from './catalog.js';

export type Source = 'catalog' | 'project' | 'global' | 'path';
export type Status = 'ok' | 'missing' | 'not built';

export interface ServerInfo {
  name: string;
  version: string;
  mcpName: string;
  description: string;
  /** The server's folder (resolved through symlinks when it exists). */
  path: string;
  sources: Source[];
  status: Status;
  /** The file `node` runs to start it (package.json `bin`, else `main`), absolute. */
  entry: string;
}

export interface DiscoverOptions {
  /** Where the current project is looked for (default: process.cwd()). */
  cwd?: string;
  /** Extra server folders, or folders holding server folders (like a node_modules). */
  paths?: string[];
  /** The factory's home (default: MCP_FACTORY_HOME or the user's config folder). */
  home?: string;
  /** The global npm node_modules (default: globalNpmRoot()); `false` skips it. */
  globalRoot?: string | false;
}

interface PackageJson {
  name?: unknown;
  version?: unknown;
  mcpName?: unknown;
  description?: unknown;
  bin?: unknown;
  main?: unknown;
}

/** Any JSON object: every field of a package.json is checked where it is read. */
const isObject = (value: unknown): value is { [key: string]: unknown } => typeof value === 'object' && value !== null;

// Checked by hand, not with a schema library: discovery runs at every command's start, which loads no
// validation library (see main.ts), and the fields read here are few.
function readJson(file: string): PackageJson | undefined {
  try {
    const value: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The file a package starts with: its bin (the one named like the package, or the only one), else main. */
export function entryOf(pkg: PackageJson, dir: string): string {
  const name = typeof pkg.name === 'string' ? pkg.name : '';
  const bins = pkg.bin;
  const rel = isObject(bins) ? (bins[name] ?? bins[name.replace(/^@[^/]+\//, '')] ?? Object.values(bins)[0]) : bins;
  return path.resolve(dir, typeof rel === 'string' ? rel : typeof pkg.main === 'string' ? pkg.main : 'index.js');
}

/** The server in `dir`, or undefined when it is not one (no package.json, no mcpName or no server.json). */
export function readServer(dir: string, source: Source): ServerInfo | undefined {
  const pkg = readJson(path.join(dir, 'package.json'));
  if (!pkg || typeof pkg.mcpName !== 'string' || !fs.existsSync(path.join(dir, 'server.json'))) return undefined;
  let real = dir;
  try {
    real = fs.realpathSync(dir);
  } catch {
    // keep the given path
  }
  const entry = entryOf(pkg, real);
  return {
    name: typeof pkg.name === 'string' ? pkg.name : path.basename(real),
    version: typeof pkg.version === 'string' ? pkg.version : '',
    mcpName: pkg.mcpName,
    description: typeof pkg.description === 'string' ? pkg.description : '',
    path: real,
    sources: [source],
    status: fs.existsSync(entry) ? 'ok' : 'not built',
    entry,
  };
}

/** Every server package directly in a node_modules-like folder (scoped ones included). */
export function scanPackages(folder: string, source: Source): ServerInfo[] {
  let names: string[];
  try {
    names = fs.readdirSync(folder);
  } catch {
    return [];
  }
  const found: ServerInfo[] = [];
  for (const name of names) {
    if (name.startsWith('.')) continue;
    const dir = path.join(folder, name);
    if (name.startsWith('@')) {
      found.push(...scanPackages(dir, source));
      continue;
    }
    const server = readServer(dir, source);
    if (server) found.push(server);
  }
  return found;
}

/** The nearest folder at or above `cwd` with a package.json: the current project. */
export function projectRoot(cwd: string): string | undefined {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * The global npm node_modules, derived the way npm derives it (its prefix: npm_config_prefix, else
 * the folder Node is installed in) instead of spawning `npm root -g`, which alone takes longer than
 * the whole discovery budget.
 */
export function globalNpmRoot(env: NodeJS.ProcessEnv = process.env): string {
  const prefix = env.npm_config_prefix || env.NPM_CONFIG_PREFIX || path.dirname(path.dirname(process.execPath));
  return process.platform === 'win32' ? path.join(prefix, 'node_modules') : path.join(prefix, 'lib', 'node_modules');
}

function fromCatalog(home: string | undefined): ServerInfo[] {
  return readCatalog(home).map((entry) => {
    const found = fs.existsSync(entry.path) ? readServer(entry.path, 'catalog') : undefined;
    return (
      found ?? {
        name: entry.name,
        version: '',
        mcpName: entry.mcpName,
        description: '',
        path: entry.path,
        sources: ['catalog' as const],
        status: 'missing' as const,
        entry: '',
      }
    );
  });
}

/** Every server from every source, merged by mcpName + folder, sorted by name. */
export function discover(options: DiscoverOptions = {}): ServerInfo[] {
  const cwd = options.cwd ?? process.cwd();
  const found: ServerInfo[] = [];
  for (const given of options.paths ?? []) {
    const dir = path.resolve(cwd, given);
    const server = readServer(dir, 'path');
    found.push(...(server ? [server] : scanPackages(dir, 'path')));
  }
  const project = projectRoot(cwd);
  if (project) {
    const self = readServer(project, 'project');
    if (self) found.push(self);
    found.push(...scanPackages(path.join(project, 'node_modules'), 'project'));
  }
  found.push(...fromCatalog(options.home));
  const globalRoot = options.globalRoot ?? globalNpmRoot();
  if (globalRoot !== false) found.push(...scanPackages(globalRoot, 'global'));

  const merged = new Map<string, ServerInfo>();
  for (const server of found) {
    const key = `${server.mcpName}\0${server.path}`;
    const seen = merged.get(key);
    if (!seen) merged.set(key, { ...server, sources: [...server.sources] });
    else {
      const [source] = server.sources; // one per scan
      if (!seen.sources.includes(source)) seen.sources.push(source);
    }
  }
  return [...merged.values()].sort((a, b) => a.name.localeCompare(b.name) || a.path.localeCompare(b.path));
}
