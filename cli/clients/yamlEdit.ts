// Merging a server entry into a YAML config (Goose's config.yaml) with the yaml package's Document,
// which keeps comments, key order and the layout of the nodes it does not touch.
import { isDeepStrictEqual } from 'node:util';
import { isMap, isNode, parseDocument, stringify } from 'yaml';
import { CliError } from '../errors.js';
import type { YamlEntry } from './index.js';

/** The config with `root.key` merged in: our keys set, env_keys united, every other key kept. */
export function mergeYamlEntry(file: string, original: string, key: string, merge: YamlEntry): string {
  const doc = parseDocument(original);
  const [error] = doc.errors;
  if (error) {
    const [where] = error.linePos ?? [];
    throw new CliError(
      `${file} is not valid YAML${where ? ` at line ${where.line}, column ${where.col}` : ''}: fix it first; nothing was written`,
    );
  }
  if (doc.contents !== null && !isMap(doc.contents))
    throw new CliError(`${file} is not a YAML mapping: fix it first; nothing was written`);
  const root = doc.get(merge.root);
  if (root !== undefined && !isMap(root))
    throw new CliError(`${file}: ${merge.root} is not a mapping: fix it first; nothing was written`);
  let changed = false;
  if (!doc.hasIn([merge.root, key])) {
    doc.setIn([merge.root, key], doc.createNode(merge.entry));
    changed = true;
  } else {
    for (const [name, value] of Object.entries(merge.entry)) {
      const current: unknown = doc.getIn([merge.root, key, name], true);
      const plain: unknown = isNode(current) ? current.toJSON() : current;
      if (name === 'env_keys' && Array.isArray(plain)) {
        const united = [...new Set([...plain, ...(Array.isArray(value) ? value : [])])];
        if (!isDeepStrictEqual(united, plain)) {
          doc.setIn([merge.root, key, name], doc.createNode(united));
          changed = true;
        }
      } else if (name !== 'envs' && !isDeepStrictEqual(plain, value)) {
        doc.setIn([merge.root, key, name], doc.createNode(value));
        changed = true;
      }
    }
  }
  if (!changed) return original;
  const text = doc.toString();
  return text.endsWith('\n') ? text : `${text}\n`;
}

/** The entry as the file would hold it. */
export const yamlSnippet = (root: string, key: string, entry: YamlEntry['entry']): string =>
  stringify({ [root]: { [key]: entry } });
