// Rendering a template file: `.ejs` files through EJS (suffix dropped), others copied as they are.
// `<%- include('name') %>` inside a template finds the partial through the run's asset resolver, so
// a pack or the repo can override an included partial too.
import fs from 'node:fs';
import ejs from 'ejs';
import type { AssetResolver } from '../contract/assets.js';
import type { Data } from './step.js';

/**
 * Templates compiled for a run's asset resolver (the partials an include finds are its), by file: a
 * run that renders the same template for a thousand operations compiles it once. A template whose text
 * changed since is compiled again.
 */
const compiled = new WeakMap<AssetResolver, Map<string, { source: string; render: ejs.TemplateFunction }>>();

export function renderFile(file: string, data: Data, assets?: AssetResolver): string {
  const source = fs.readFileSync(file, 'utf8');
  if (!file.endsWith('.ejs')) return source;
  const options = {
    filename: file,
    includer: assets ? (original: string) => ({ filename: assets.partial(original) }) : undefined,
  };
  // EJS takes its locals as a string-keyed map: the data's own enumerable keys, as a spread would give.
  const locals: ejs.Data = { ...data };
  if (!assets) return ejs.render(source, locals, options);
  const cache = compiled.get(assets) ?? new Map<string, { source: string; render: ejs.TemplateFunction }>();
  compiled.set(assets, cache);
  let known = cache.get(file);
  if (known?.source !== source) cache.set(file, (known = { source, render: ejs.compile(source, options) }));
  return known.render(locals);
}

const NAME_SLOT = /__([A-Za-z][A-Za-z0-9]*)__/g;

/**
 * The file a template lands in, relative to the target folder. Per path segment: a leading
 * underscore before a lowercase letter stands for a dot (`_gitignore` → `.gitignore`: npm drops
 * dotfiles from packages), `__key__` is replaced by the answer `key` (Nx style:
 * `src/tools/__toolFile__.ts.ejs` → `src/tools/getItem.ts`), and a final `.ejs` is dropped.
 */
export function targetName(relPath: string, data: Data = {}): string {
  return relPath
    .split(/[\\/]/)
    .map((part) =>
      part.replace(/^_(?=[a-z])/, '.').replace(NAME_SLOT, (slot, key: string) => {
        const value: unknown = Reflect.get(data, key);
        if (typeof value !== 'string' || !value || /[\\/]|^\.\.?$/.test(value)) {
          throw new Error(
            `template file name ${relPath}: ${slot} needs a plain name in "${key}", got ${JSON.stringify(value)}`,
          );
        }
        return value;
      }),
    )
    .join('/')
    .replace(/\.ejs$/, '');
}
