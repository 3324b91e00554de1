// Generated files are formatted with prettier before they are staged, so a template's quoting and the
// quoting of values inserted into it (names, descriptions, paths) come out the same. A repo is
// formatted with its own config, where prettier looks first: package.json's "prettier" key (what a
// new repo gets), else .prettierrc.json (repos made before); a repo the run creates with FACTORY_STYLE
// (its package.json gets that key); an older repo without either is left as it is. Prose (Markdown)
// keeps the template's layout.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as prettier from 'prettier';
import writeFileAtomic from 'write-file-atomic';
import { FORMAT_CACHE_ENV } from './cacheEnv.mjs';

/** Where a repo made before its package.json carried the "prettier" key keeps its style. */
export const PRETTIER_CONFIG_FILE = '.prettierrc.json';

const FORMATTED = /\.(ts|mts|cts|js|mjs|cjs|json)$/;

/**
 * The style a new repo gets (package.json's "prettier" key; the factory's own .prettierrc.json is the
 * same, a test says so): templates that render straight into it (`preformatted` in renderTree) skip
 * the formatting pass in a repo with this style.
 */
export const FACTORY_STYLE = { singleQuote: true, printWidth: 120, trailingComma: 'all' } as const;

/** Formats one file's content (the path picks the parser); content it cannot format is returned as it is. */
export type Formatter = ((file: string, content: string) => Promise<string>) & {
  /** True when the repo's prettier options are exactly FACTORY_STYLE. */
  factoryStyle?: boolean;
};

const sameOptions = (a: object, b: object) =>
  Object.keys(a).length === Object.keys(b).length &&
  Object.entries(a).every(([k, v]) => (b as Record<string, unknown>)[k] === v);

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    throw new Error(
      `${file} is not valid JSON: fix it, or remove its prettier settings to leave generated files unformatted`,
    );
  }
}

const isOptions = (value: unknown): value is prettier.Options =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The repo's own prettier options: package.json's "prettier" object, else .prettierrc.json, else none. */
export function repoPrettierConfig(repo: string): prettier.Options | undefined {
  const pkg = path.join(repo, 'package.json');
  if (fs.existsSync(pkg)) {
    const manifest = readJson(pkg);
    if (isOptions(manifest) && 'prettier' in manifest && isOptions(manifest.prettier)) return manifest.prettier;
  }
  const own = path.join(repo, PRETTIER_CONFIG_FILE);
  if (!fs.existsSync(own)) return undefined;
  const config = readJson(own);
  if (!isOptions(config)) throw new Error(`${own} is not a JSON object of prettier options`);
  return config;
}

/**
 * Prettier's output for the same content, options and parser (picked by the file's name: package.json has a parser
 * of its own; prettier.format with explicit options reads no config file) is the same, so each is formatted once per
 * process: a run formats a file again after each injection, and update renders the same files twice. Formatting is
 * most of a run's CPU.
 */
const formatted = new Map<string, Promise<string>>();
const FORMATTED_KEPT = 2_000;

function formatOnce(content: string, config: prettier.Options, target: string): Promise<string> {
  const key = `${path.basename(target)}\0${JSON.stringify(config)}\0${content}`;
  const known = formatted.get(key);
  if (known) return known;
  const result = formatCached(content, config, target).catch(
    () => content, // e.g. a hand-edited file that does not parse: the generator still adds its lines
  );
  if (formatted.size >= FORMATTED_KEPT) formatted.delete(formatted.keys().next().value ?? '');
  formatted.set(key, result);
  return result;
}

/**
 * Prettier, loaded on the first file it formats: a process whose files all come from the folder below never loads
 * it (every plop process and test file of the factory's test run; ~35 ms a process).
 */
let prettierModule: Promise<typeof prettier> | undefined;
const loadPrettier = () => (prettierModule ??= import('prettier'));

/** The installed prettier's version, from its package.json (without loading prettier), else from prettier. */
let installedVersion: Promise<string> | undefined;
const prettierVersion = () =>
  (installedVersion ??= (async () => {
    try {
      const manifest: unknown = createRequire(import.meta.url)('prettier/package.json');
      if (typeof manifest === 'object' && manifest !== null && 'version' in manifest) return String(manifest.version);
    } catch {
      // a prettier whose package.json is not reachable: ask prettier itself
    }
    return (await loadPrettier()).version;
  })());

/**
 * prettier.format, through a folder of its outputs when FORMAT_CACHE_ENV names one (the factory's tests do: the same
 * files are formatted in hundreds of processes, each paying prettier's start and its parsers' first runs). An entry is
 * named by a hash of everything the output depends on (prettier's version, the file name that picks the parser, the
 * options, the content), so a hit is prettier's own output for exactly that input. Content prettier cannot parse is
 * not kept; neither is anything when the folder cannot be written (the output is still returned).
 */
export async function formatCached(content: string, config: prettier.Options, target: string): Promise<string> {
  const options = { ...config, filepath: target };
  const folder = process.env[FORMAT_CACHE_ENV];
  if (!folder) return (await loadPrettier()).format(content, options);
  const key = crypto
    .createHash('sha256')
    .update(JSON.stringify([await prettierVersion(), path.basename(target), config, content]))
    .digest('hex');
  const entry = path.join(folder, key.slice(0, 2), key);
  try {
    return await fs.promises.readFile(entry, 'utf8');
  } catch {
    // not formatted yet in this run
  }
  const output = await (await loadPrettier()).format(content, options);
  try {
    await fs.promises.mkdir(path.dirname(entry), { recursive: true });
    await writeFileAtomic(entry, output); // another process reads the whole entry or none
  } catch {
    // a cache that cannot be written is no cache
  }
  return output;
}

/** The formatter for files of the repo at `repo` (absolute): its own config, else `fallbackConfig`, else none. */
export function formatterFor(repo: string, fallbackConfig?: prettier.Options): Formatter | undefined {
  const config = repoPrettierConfig(repo) ?? fallbackConfig;
  if (!config) return undefined;
  const format = async (target: string, content: string) => {
    if (
      path.relative(repo, target).startsWith('..') ||
      !FORMATTED.test(target) ||
      path.basename(target) === 'package-lock.json'
    )
      return content;
    return formatOnce(content, config, target);
  };
  return Object.assign(format, { factoryStyle: sameOptions(config, FACTORY_STYLE) });
}
