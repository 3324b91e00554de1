// Merging a server table into Codex's config.toml with @decimalturn/toml-patch, which patches the
// document (comments, whitespace and order kept) instead of serialising it anew.
import { isDeepStrictEqual } from 'node:util';
import { parse, patch } from '@decimalturn/toml-patch';
import { CliError } from '../errors.js';
import type { TomlEntry } from './index.js';

type Table = Record<string, unknown>;

// The parser's tables have no prototype; compare plain data.
const same = (a: unknown, b: unknown) =>
  isDeepStrictEqual(JSON.parse(JSON.stringify(a)), JSON.parse(JSON.stringify(b)));

function parseOrRefuse(file: string, text: string): Table {
  try {
    return parse(text) as Table;
  } catch (error) {
    const { line, column } = error as { line?: number; column?: number };
    const where = typeof line === 'number' ? ` at line ${line}, column ${(column ?? 0) + 1}` : '';
    throw new CliError(`${file} is not valid TOML${where}: fix it first; nothing was written`);
  }
}

/** The config with `[root.key]` merged in: our keys set, env_vars united, every other key kept. */
export function mergeTomlEntry(file: string, original: string, key: string, merge: TomlEntry): string {
  const doc = parseOrRefuse(file, original);
  const servers = (doc[merge.root] ?? {}) as Table;
  const existing = (servers[key] ?? {}) as Table;
  const wanted: Table = { ...existing, ...merge.entry };
  if (Array.isArray(existing.env_vars) || merge.entry.env_vars) {
    const names = [...((existing.env_vars as string[]) ?? []), ...((merge.entry.env_vars as string[]) ?? [])];
    wanted.env_vars = [...new Set(names)];
  }
  if (same(existing, wanted)) return original;
  const updated = { ...doc, [merge.root]: { ...servers, [key]: wanted } };
  // New tables at depth 3 and deeper (env tables inside a server) stay inline; the server gets a section.
  const text = patch(original, updated, { inlineTableStart: 3 });
  if (!same(parseOrRefuse(file, text), updated)) {
    throw new CliError(`could not merge ${key} into ${file} without changing other settings; nothing was written`);
  }
  return text;
}
