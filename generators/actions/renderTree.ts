// Action `renderTree`: renders a folder of templates into the run's tree.
// Files ending in .ejs are rendered with EJS (suffix dropped); others are copied as they are.
// A leading underscore stands for a dot (`_gitignore` → `.gitignore`) because npm drops dotfiles
// such as .gitignore from published packages.
import fs from 'node:fs';
import path from 'node:path';
import ejs from 'ejs';
import { treeFor } from './tree.js';
import { destOf, type ActionOf, type Answers } from './types.js';

export interface RenderTreeConfig {
  /** Absolute folder of templates. */
  from: string | ((answers: Answers) => string);
  /** Target folder, relative to the destination (or absolute). */
  to: string | ((answers: Answers) => string);
  /** Extra template data merged over the answers. */
  vars?: (answers: Answers) => Record<string, unknown>;
}

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

export function targetName(relPath: string): string {
  return relPath
    .split(path.sep)
    .map((part) => part.replace(/^_(?=[a-z])/, '.'))
    .join('/')
    .replace(/\.ejs$/, '');
}

export function renderFile(file: string, data: Record<string, unknown>): string {
  const source = fs.readFileSync(file, 'utf8');
  if (!file.endsWith('.ejs')) return source;
  return ejs.render(source, data, { filename: file });
}

export const renderTree: ActionOf<RenderTreeConfig> = (answers, config, plop) => {
  const tree = treeFor(answers, destOf(plop));
  const from = typeof config.from === 'function' ? config.from(answers) : config.from;
  const to = typeof config.to === 'function' ? config.to(answers) : config.to;
  const data = { ...answers, ...(config.vars?.(answers) ?? {}) };
  let staged = 0;
  let unchanged = 0;
  for (const rel of listFiles(from)) {
    const target = path.join(to, targetName(rel));
    if (tree.create(target, renderFile(path.join(from, rel), data)) === 'staged') staged += 1;
    else unchanged += 1;
  }
  return `${path.relative(path.dirname(path.dirname(from)), from)}: ${staged} file(s) to write, ${unchanged} already up to date`;
};
