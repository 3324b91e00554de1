// Merging a server entry into a client's JSON config (JSON with comments and trailing commas, as VS
// Code, Cursor and Claude write them) with jsonc-parser's modify/applyEdits: only the keys we own
// change, as text edits, so every other key, comment and the file's formatting stay as they were.
import { isDeepStrictEqual } from 'node:util';
import jsonc from 'jsonc-parser';
import { CliError } from '../errors.js';
import type { JsonEntry } from './index.js';

const { applyEdits, findNodeAtLocation, getNodeValue, modify, parseTree, printParseErrorCode } = jsonc;

/** "line L, column C" of an offset (1-based). */
export function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${before.at(-1)!.length + 1}`;
}

function parseOrRefuse(file: string, text: string): jsonc.Node | undefined {
  const errors: jsonc.ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0) {
    const [first] = errors;
    throw new CliError(
      `${file} is not valid JSON (${printParseErrorCode(first!.error)} at ${lineColumn(text, first!.offset)}): fix it first; nothing was written`,
    );
  }
  if (tree && tree.type !== 'object')
    throw new CliError(`${file} is not a JSON object: fix it first; nothing was written`);
  return tree;
}

/** The file's indentation, so inserted keys look like the rest. */
function formattingOf(text: string): jsonc.FormattingOptions {
  const indent = /\n([ \t]+)\S/.exec(text)?.[1] ?? '  ';
  return {
    insertSpaces: !indent.startsWith('\t'),
    tabSize: indent.startsWith('\t') ? 1 : indent.length,
    eol: text.includes('\r\n') ? '\r\n' : '\n',
  };
}

/**
 * The config with the server's entry merged in. Keys of the entry we own (command, args, type) are
 * set; env variables already there keep their value (the user may have filled a placeholder);
 * everything else, in the entry and around it, is untouched. Returns the text unchanged when there is
 * nothing to do.
 */
export function mergeJsonEntry(file: string, original: string, key: string, merge: JsonEntry): string {
  let text = original.trim() === '' ? '{}\n' : original;
  parseOrRefuse(file, text);
  const options = { formattingOptions: formattingOf(text) };
  const valueAt = (path: jsonc.JSONPath) => {
    const node = findNodeAtLocation(parseOrRefuse(file, text)!, path);
    return node ? getNodeValue(node) : undefined;
  };
  const set = (path: jsonc.JSONPath, value: unknown) => {
    if (!isDeepStrictEqual(valueAt(path), value)) text = applyEdits(text, modify(text, path, value, options));
  };

  const entryPath = [merge.root, key];
  if (valueAt(entryPath) === undefined) set(entryPath, merge.entry);
  else {
    for (const [name, value] of Object.entries(merge.entry)) {
      if (name !== 'env') set([...entryPath, name], value);
    }
    for (const [name, value] of Object.entries((merge.entry.env ?? {}) as Record<string, string>)) {
      if (valueAt([...entryPath, 'env', name]) === undefined) set([...entryPath, 'env', name], value);
    }
  }
  for (const input of merge.inputs ?? []) {
    const inputs = valueAt(['inputs']);
    if (!Array.isArray(inputs)) set(['inputs'], [input]);
    else if (!inputs.some((i: { id?: unknown }) => i?.id === input.id)) {
      text = applyEdits(text, modify(text, ['inputs', -1], input, { ...options, isArrayInsertion: true }));
    }
  }
  if (text === (original.trim() === '' ? '{}\n' : original)) return original;
  parseOrRefuse(file, text); // never hand back a document we broke
  return text;
}
