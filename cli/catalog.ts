// The catalog of servers this factory generated: one JSON file in the factory's home folder.
//
// Why one file with a lock (and not one file per entry): the catalog is meant to be read and, if need
// be, edited by a person, and a single document is the honest shape for that. Concurrent writers (20
// `server` runs at once) are serialised with proper-lockfile (an atomic mkdir lock with stale-lock
// recovery, so a crashed writer never blocks the next one), and every write is write-file-atomic
// (temp file + rename), so a reader never sees a half-written file and no registration is lost.
import fs from 'node:fs';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import writeFileAtomic from 'write-file-atomic';
import { oneLine } from './errors.js';
import { factoryHome } from './home.js';

export interface CatalogEntry {
  /** The npm package name. */
  name: string;
  /** The MCP registry name (package.json `mcpName`). */
  mcpName: string;
  /** Absolute folder of the server repo. */
  path: string;
  /** ISO time of the (last) registration. */
  registeredAt: string;
}

interface CatalogFile {
  version: 1;
  servers: CatalogEntry[];
}

const ENTRY_FIELDS = ['name', 'mcpName', 'path', 'registeredAt'] as const;

// Checked by hand, not with a schema library: the catalog is read at every command's start (discovery),
// which loads no validation library (see main.ts), and an entry is four strings.
const isEntry = (value: unknown): value is CatalogEntry => {
  if (typeof value !== 'object' || value === null) return false;
  const fields = new Map(Object.entries(value));
  return ENTRY_FIELDS.every((field) => typeof fields.get(field) === 'string');
};

export const catalogFile = (home = factoryHome()): string => path.join(home, 'catalog.json');

/** The catalog's entries; an absent catalog is empty, an unreadable one is refused with its path. */
export function readCatalog(home = factoryHome()): CatalogEntry[] {
  const file = catalogFile(home);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`the catalog ${file} is not valid JSON (${oneLine(error)}): fix or delete it`);
  }
  const servers = typeof parsed === 'object' && parsed !== null && 'servers' in parsed ? parsed.servers : undefined;
  if (!Array.isArray(servers)) return [];
  const bad = servers.findIndex((server) => !isEntry(server));
  if (bad >= 0)
    throw new Error(
      `the catalog ${file}: server ${bad + 1} needs ${ENTRY_FIELDS.join(', ')} as text: fix or delete it`,
    );
  return servers.filter(isEntry);
}

/** Adds a server (or refreshes the entry with the same folder) under the catalog's lock. */
export async function registerServer(entry: Omit<CatalogEntry, 'registeredAt'>, home = factoryHome()): Promise<string> {
  const file = catalogFile(home);
  fs.mkdirSync(home, { recursive: true });
  const release = await lockfile.lock(file, {
    realpath: false, // the catalog may not exist yet: lock its name
    stale: 10_000,
    retries: { retries: 200, factor: 1.2, minTimeout: 5, maxTimeout: 100, randomize: true },
  });
  try {
    const servers = readCatalog(home).filter((s) => path.resolve(s.path) !== path.resolve(entry.path));
    servers.push({ ...entry, path: path.resolve(entry.path), registeredAt: new Date().toISOString() });
    servers.sort((a, b) => a.name.localeCompare(b.name) || a.path.localeCompare(b.path));
    await writeFileAtomic(file, `${JSON.stringify({ version: 1, servers } satisfies CatalogFile, null, 2)}\n`);
  } finally {
    await release();
  }
  return file;
}
