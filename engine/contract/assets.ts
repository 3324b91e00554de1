// Where templates and partials come from. One resolver, one search order, first match wins:
//   1. the server repo's own overrides: <repo>/.mcp-factory/
//   2. team packs, the last loaded first (a later pack wins over an earlier one)
//   3. the factory itself (or the fork it is run from)
// Each layer is a folder laid out like the factory: a generator's templates in `generators/<name>/files/`
// (named by their path under generators/, e.g. `server/files`, `openapi/files/tool`), the snippets it
// injects in `partials/<name>/` (named by their path under partials/, e.g. `method/readme.md.ejs`). A
// template folder is merged file by file across layers, so a pack can replace one file of the server's
// templates without copying the rest.
//
// Layers written for the layout before generators held their templates (`templates/<folder>/`, partials
// such as `readme/tool.md.ejs`) keep working: each name is also looked up under its old name, in the
// same layer, after the new one.
import fs from 'node:fs';
import path from 'node:path';
import { FACTORY_ROOT } from '../paths.js';

export interface AssetLayer {
  /** Shown to people: "mcp-factory", a pack's package name, "repo overrides". */
  name: string;
  /** Folder holding generators/<name>/files/ and partials/ (or, in the earlier layout, templates/). */
  root: string;
}

/** Partials that moved to their generator's folder, new name → the name they had before. */
const PARTIALS_BEFORE: ReadonlyMap<string, string> = new Map([
  ['method/import.ts.ejs', 'tools/import.ts.ejs'],
  ['method/register.ts.ejs', 'tools/register.ts.ejs'],
  ['method/readme.md.ejs', 'readme/tool.md.ejs'],
  ['resource/import.ts.ejs', 'resources/import.ts.ejs'],
  ['resource/register.ts.ejs', 'resources/register.ts.ejs'],
  ['resource/readme.md.ejs', 'readme/resource.md.ejs'],
  ['prompt/import.ts.ejs', 'prompts/import.ts.ejs'],
  ['prompt/register.ts.ejs', 'prompts/register.ts.ejs'],
  ['prompt/readme.md.ejs', 'readme/prompt.md.ejs'],
]);

/**
 * The folder under templates/ a template folder had before it moved into its generator's folder:
 * `server/files` → `server`, `server/presets/chat` → `tools/chat`, `openapi/files/tool` → `openapi/tool`;
 * a pack's own `team-status/files` → `team-status`.
 */
export function templateFolderBefore(folder: string): string {
  const preset = /^server\/presets\/(.+)$/.exec(folder);
  if (preset) return `tools/${preset[1]}`;
  return folder.replace(/^([^/]+)\/files(?=\/|$)/, '$1');
}

/** The folder inside a server repo whose partials/ and generators/<name>/files/ override everything else. */
export const REPO_OVERRIDES = '.mcp-factory';

export const factoryLayer: AssetLayer = { name: 'mcp-factory', root: FACTORY_ROOT };

// The packs loaded for one destination, in load order. plop.load runs each plopfile in its own plop
// instance that shares only the destination with the host, and a pack may reach the factory through
// another module instance, so the list lives on a process-wide symbol, keyed by destination. A load
// phase (the factory and packs loaded by a plopfile) is followed by generator runs; the first load
// after a run starts a new list, so a later plopfile without a pack no longer sees it.
export interface Loaded {
  layers: AssetLayer[];
  used: boolean;
}
const registryKey = Symbol.for('mcp-factory.packs');
const registry = ((globalThis as Record<symbol, unknown>)[registryKey] ??= new Map()) as Map<string, Loaded>;

/** Called whenever a pack (the factory included) is loaded for `dest`. */
export function beginLoading(dest: string): Loaded {
  const key = path.resolve(dest);
  const loaded = registry.get(key);
  if (loaded && !loaded.used) return loaded;
  const fresh: Loaded = { layers: [], used: false };
  registry.set(key, fresh);
  return fresh;
}

/** Records a pack's assets for generator runs into `dest`; loading the same pack again keeps its place. */
export function registerPackAssets(dest: string, layer: AssetLayer): void {
  const { layers } = beginLoading(dest);
  if (!layers.some((l) => path.resolve(l.root) === path.resolve(layer.root))) layers.push(layer);
}

/** The packs loaded for `dest`, in load order; a generator run calls it, which ends the load phase. */
export function packLayers(dest: string): AssetLayer[] {
  const loaded = registry.get(path.resolve(dest));
  if (!loaded) return [];
  loaded.used = true;
  return [...loaded.layers];
}

const listFiles = (dir: string): string[] =>
  fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));

function checkRelative(kind: string, name: string): void {
  if (path.isAbsolute(name) || name.split(/[\\/]/).includes('..'))
    throw new Error(`${kind} name "${name}" must be relative, without ".."`);
}

export class AssetResolver {
  /** Highest priority first. */
  constructor(readonly layers: readonly AssetLayer[]) {}

  /** The file for a partial name such as `method/register.ts.ejs`; refuses when no layer has it. */
  partial(name: string): string {
    checkRelative('partial', name);
    const before = PARTIALS_BEFORE.get(name);
    for (const layer of this.layers) {
      for (const candidate of before ? [name, before] : [name]) {
        const file = path.join(layer.root, 'partials', candidate);
        if (fs.existsSync(file)) return file;
      }
    }
    throw new Error(`partial "${name}" not found (looked in ${this.where('partials')})`);
  }

  /** The layer a partial comes from (for summaries and tests). */
  partialOrigin(name: string): string {
    const file = this.partial(name);
    const layer = this.layers.find((l) => file.startsWith(path.join(l.root, 'partials') + path.sep));
    if (!layer) throw new Error(`${file} is in none of the asset layers`); // partial() found it in one of them
    return layer.name;
  }

  /**
   * Every file of a template folder such as `server/files` or `server/presets/chat` (a path under
   * generators/), merged across layers: relative path → file. In each layer the folder's earlier place
   * under templates/ counts too (its files first, so the new place wins within the layer).
   */
  templateFiles(folder: string): Map<string, string> {
    checkRelative('template folder', folder);
    const files = new Map<string, string>();
    for (const layer of [...this.layers].reverse()) {
      for (const dir of [
        path.join(layer.root, 'templates', templateFolderBefore(folder)),
        path.join(layer.root, 'generators', folder),
      ]) {
        if (!fs.existsSync(dir)) continue;
        for (const rel of listFiles(dir)) files.set(rel, path.join(dir, rel));
      }
    }
    if (files.size === 0)
      throw new Error(`template folder "${folder}" not found (looked in ${this.where('generators')})`);
    return new Map([...files].sort(([a], [b]) => a.localeCompare(b)));
  }

  private where(kind: string): string {
    return this.layers.map((l) => `${l.name}: ${path.join(l.root, kind)}`).join(', ');
  }
}

/** The resolver for a run into `dest` that edits the server repo `repo` (absent when the run creates it). */
export function assetsFor(dest: string, repo?: string): AssetResolver {
  const overrides = repo === undefined ? undefined : path.resolve(dest, repo);
  const own =
    overrides && fs.existsSync(path.join(overrides, REPO_OVERRIDES))
      ? [{ name: 'repo overrides', root: path.join(overrides, REPO_OVERRIDES) }]
      : [];
  return new AssetResolver([...own, ...packLayers(dest).reverse(), factoryLayer]);
}
