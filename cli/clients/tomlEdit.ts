// Merging a server table into Codex's config.toml with @decimalturn/toml-patch, which patches the
// document (comments, whitespace and order kept) instead of serialising it anew. A new server is
// appended as its own `[mcp_servers.NAME]` section, as Codex writes it (patch would add it as a dotted
// inline table at the top when other servers are there).
import { isDeepStrictEqual } from 'node:util';
import { parse, patch, stringify } from '@decimalturn/toml-patch';
import { CliError } from '../errors.js';
import type { TomlEntry } from './index.js';

/** A TOML table, as the parser returns one. */
type Table = { [key: string]: unknown };

const isTable = (value: unknown): value is Table =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

// The parser's tables have no prototype; compare plain data.
const same = (a: unknown, b: unknown) =>
  isDeepStrictEqual(JSON.parse(JSON.stringify(a)), JSON.parse(JSON.stringify(b)));

function parseOrRefuse(file: string, text: string): Table {
  try {
    const doc: unknown = parse(text);
    if (isTable(doc)) return doc;
  } catch (error) {
    const { line, column } = error as { line?: number; column?: number };
    const where = typeof line === 'number' ? ` at line ${line}, column ${(column ?? 0) + 1}` : '';
    throw new CliError(`${file} is not valid TOML${where}: fix it first; nothing was written`);
  }
  throw new CliError(`${file} is not a TOML table: fix it first; nothing was written`); // the parser returns one for any document
}

/** `[root.key]` and its keys, as a TOML section ending with a line break. */
export function section(root: string, key: string, entry: Table): string {
  const name = (part: string) => (/^[A-Za-z0-9_-]+$/.test(part) ? part : JSON.stringify(part));
  // Tables inside the entry (env) stay inline, as Codex writes them.
  const body = stringify(entry, { inlineTableStart: 0 });
  return `[${name(root)}.${name(key)}]\n${body}${body.endsWith('\n') ? '' : '\n'}`;
}

/** The config with `[root.key]` merged in: our keys set, env_vars united, every other key kept. */
export function mergeTomlEntry(file: string, original: string, key: string, merge: TomlEntry): string {
  const doc = parseOrRefuse(file, original);
  const root = doc[merge.root];
  const servers = isTable(root) ? root : {};
  const entry = servers[key];
  const existing = isTable(entry) ? entry : {};
  const wanted: Table = { ...existing, ...merge.entry };
  if (Array.isArray(existing.env_vars) || merge.entry.env_vars) {
    const names = [...strings(existing.env_vars), ...strings(merge.entry.env_vars)];
    wanted.env_vars = [...new Set(names)];
  }
  if (same(existing, wanted)) return original;
  const updated = { ...doc, [merge.root]: { ...servers, [key]: wanted } };
  const eol = original.includes('\r\n') ? '\r\n' : '\n';
  const withBreak = (text: string) => (text.endsWith('\n') ? text : `${text}${eol}`);
  const merges = (text: string) => {
    try {
      return same(parse(text), updated);
    } catch {
      return false;
    }
  };
  // A new server: its own section at the end (unless the file holds the servers in a form a section
  // cannot extend, such as an inline `mcp_servers = {...}`: then toml-patch places it).
  const appended = withBreak(
    `${original}${original === '' || original.endsWith('\n') ? '' : eol}${original.trim() === '' ? '' : eol}${section(merge.root, key, wanted)}`,
  );
  if (!(key in servers) && merges(appended)) return appended;
  // New tables at depth 3 and deeper (env tables inside a server) stay inline.
  const patched = withBreak(patch(original, updated, { inlineTableStart: 3 }));
  if (!merges(patched)) {
    throw new CliError(`could not merge ${key} into ${file} without changing other settings; nothing was written`);
  }
  return patched;
}
