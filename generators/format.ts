// Generated files are formatted with prettier before they are staged, so a template's quoting and the
// quoting of values inserted into it (names, descriptions, paths) come out the same. A repo is
// formatted with its own .prettierrc.json; a repo the run creates with the one it is about to get
// (templates/server/_prettierrc.json, found through the asset resolver, so a pack may change it);
// an older repo without one is left as it is. Prose (Markdown) keeps the template's layout.
import fs from 'node:fs';
import path from 'node:path';
import * as prettier from 'prettier';
import type { AssetResolver } from './contract/assets.js';

export const PRETTIER_CONFIG_FILE = '.prettierrc.json';

const FORMATTED = /\.(ts|mts|cts|js|mjs|cjs|json)$/;

/**
 * The style of templates/server/_prettierrc.json, the one a new repo gets: templates that render
 * straight into it (`preformatted` in renderTree) skip the formatting pass in a repo with this style.
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

/** The .prettierrc.json a new server repo gets (the factory's own .prettierrc.json points at it too). */
export const newRepoPrettierConfig = (assets: AssetResolver): string | undefined =>
  assets.templateFiles('server').get('_prettierrc.json');

function readConfig(file: string): prettier.Options {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as prettier.Options;
  } catch {
    throw new Error(`${file} is not valid JSON: fix it, or remove it to leave generated files unformatted`);
  }
}

/** The formatter for files of the repo at `repo` (absolute): its own config, else `fallbackConfig`, else none. */
export function formatterFor(repo: string, fallbackConfig?: string): Formatter | undefined {
  const own = path.join(repo, PRETTIER_CONFIG_FILE);
  const file = fs.existsSync(own) ? own : fallbackConfig;
  if (!file) return undefined;
  const config = readConfig(file);
  const format = async (target: string, content: string) => {
    if (
      path.relative(repo, target).startsWith('..') ||
      !FORMATTED.test(target) ||
      path.basename(target) === 'package-lock.json'
    )
      return content;
    try {
      return await prettier.format(content, { ...config, filepath: target });
    } catch {
      return content; // e.g. a hand-edited file that does not parse: the generator still adds its lines
    }
  };
  return Object.assign(format, { factoryStyle: sameOptions(config, FACTORY_STYLE) });
}
