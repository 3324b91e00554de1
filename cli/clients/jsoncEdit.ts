// Merging a server entry into a client's JSON config with jsonc-parser: only the keys we own change,
// as text edits, so every other key, comment and the file's formatting stay as they were. A client that
// reads strict JSON (Claude Code, Claude Desktop, ...) gets no file it would reject: a file with
// comments or trailing commas is refused there instead of kept.
import { isDeepStrictEqual } from 'node:util';
import jsonc from 'jsonc-parser';
import { CliError } from '../errors.js';
import type { JsonEntry } from './index.js';

const { applyEdits, createScanner, findNodeAtLocation, getNodeValue, modify, parseTree, printParseErrorCode } = jsonc;

/** "line L, column C" of an offset (1-based). */
export function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${(before.at(-1) ?? '').length + 1}`;
}

function parseOrRefuse(file: string, text: string): jsonc.Node | undefined {
  const errors: jsonc.ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0) {
    const [first] = errors;
    throw new CliError(
      `${file} is not valid JSON (${printParseErrorCode(first.error)} at ${lineColumn(text, first.offset)}): fix it first; nothing was written`,
    );
  }
  if (tree && tree.type !== 'object')
    throw new CliError(`${file} is not a JSON object: fix it first; nothing was written`);
  return tree;
}

/** Refuses a file that parses as JSONC but that a strict-JSON client would reject. */
function refuseUnlessStrict(file: string, text: string, client: string): void {
  const errors: jsonc.ParseError[] = [];
  parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  const [first] = errors;
  if (!first) return;
  const what = printParseErrorCode(first.error) === 'InvalidCommentToken' ? 'a comment' : 'a trailing comma';
  throw new CliError(
    `${file} has ${what} at ${lineColumn(text, first.offset)}, and ${client} reads this file as strict JSON (it would reject it): remove it first; nothing was written`,
  );
}

/** The file's indentation and line ending, so inserted keys look like the rest. */
function formattingOf(text: string): Required<Pick<jsonc.FormattingOptions, 'insertSpaces' | 'tabSize' | 'eol'>> {
  const indent = /\n([ \t]+)\S/.exec(text)?.[1] ?? '  ';
  return {
    insertSpaces: !indent.startsWith('\t'),
    tabSize: indent.startsWith('\t') ? 1 : indent.length,
    eol: text.includes('\r\n') ? '\r\n' : '\n',
  };
}

/**
 * Inserts `"key": value` as the last property of the object at `path` (or `value` as the last element of
 * the array there, when key is undefined), on a line of its own after the last one's line: that
 * neighbour keeps its layout and its end-of-line comment (jsonc-parser's modify reformats the neighbour
 * and moves the comment after the new value). Returns undefined when the object or array is empty or
 * written on one line, where modify's result is fine.
 */
function insertLast(text: string, path: jsonc.JSONPath, key: string | undefined, value: unknown): string | undefined {
  const root = parseTree(text, [], { allowTrailingComma: true });
  const container = root && findNodeAtLocation(root, path);
  const last = container?.type === (key === undefined ? 'array' : 'object') ? container.children?.at(-1) : undefined;
  if (!last) return undefined;
  // jsonc-parser's token kinds are a const enum (not usable here): tokens are told apart by their text.
  const scanner = createScanner(text, false);
  const next = () => {
    scanner.scan();
    const token = text.slice(scanner.getTokenOffset(), scanner.getTokenOffset() + scanner.getTokenLength());
    if (/^[\r\n]+$/.test(token)) return 'eol';
    if (/^[ \t]+$/.test(token) || token.startsWith('//') || token.startsWith('/*')) return 'trivia';
    return token === ',' ? 'comma' : 'other';
  };
  const afterLast = last.offset + last.length;
  // A comma already after the last property (JSONC allows a trailing one)?
  scanner.setPosition(afterLast);
  let kind = next();
  while (kind === 'trivia' || kind === 'eol') kind = next();
  const hasComma = kind === 'comma';
  // The end of the line the last property (and its comma and comments) ends on.
  scanner.setPosition(hasComma ? scanner.getTokenOffset() + 1 : afterLast);
  kind = next();
  while (kind === 'trivia') kind = next();
  if (kind !== 'eol') return undefined;
  const lineEnd = scanner.getTokenOffset();

  const { insertSpaces, tabSize, eol } = formattingOf(text);
  const lineStart = text.lastIndexOf('\n', last.offset) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
  const unit = insertSpaces ? ' '.repeat(tabSize) : '\t';
  const rendered = JSON.stringify(value, null, unit).split('\n').join(`${eol}${indent}`);
  const name = key === undefined ? '' : `${JSON.stringify(key)}: `;
  const inserted = `${text.slice(0, lineEnd)}${eol}${indent}${name}${rendered}${text.slice(lineEnd)}`;
  return hasComma ? inserted : `${inserted.slice(0, afterLast)},${inserted.slice(afterLast)}`;
}

/**
 * The config with the server's entry merged in. Keys of the entry we own (command, args, type, ...) are
 * set; env variables already there keep their value (the user may have filled one in); everything
 * else, in the entry and around it, is untouched. Returns the text unchanged when there is nothing to
 * do; a changed text always ends with a line break.
 */
export function mergeJsonEntry(file: string, original: string, key: string, merge: JsonEntry, client: string): string {
  const start = original.trim() === '' ? '{}\n' : original;
  let text = start;
  parseOrRefuse(file, text);
  if (merge.strict) refuseUnlessStrict(file, text, client);
  const options = { formattingOptions: formattingOf(text) };
  const valueAt = (path: jsonc.JSONPath) => {
    const root = parseOrRefuse(file, text);
    const node = root && findNodeAtLocation(root, path);
    return node ? getNodeValue(node) : undefined;
  };
  const set = (path: jsonc.JSONPath, value: unknown) => {
    const current = valueAt(path);
    if (isDeepStrictEqual(current, value)) return;
    const inserted =
      current === undefined ? insertLast(text, path.slice(0, -1), String(path.at(-1)), value) : undefined;
    text = inserted ?? applyEdits(text, modify(text, path, value, options));
  };

  const envKey = merge.envKey ?? 'env';
  const entryPath = [merge.root, key];
  if (valueAt([merge.root]) === undefined) set([merge.root], { [key]: merge.entry });
  else if (valueAt(entryPath) === undefined) set(entryPath, merge.entry);
  else {
    for (const [name, value] of Object.entries(merge.entry)) {
      if (name !== envKey) set([...entryPath, name], value);
    }
    const env = merge.entry[envKey];
    if (env && typeof env === 'object' && !Array.isArray(env)) {
      for (const [name, value] of Object.entries(env)) {
        if (valueAt([...entryPath, envKey, name]) === undefined) set([...entryPath, envKey, name], value);
      }
    }
  }
  for (const input of merge.inputs ?? []) {
    const inputs = valueAt(['inputs']);
    if (!Array.isArray(inputs)) set(['inputs'], [input]);
    else if (!inputs.some((i: { id?: unknown }) => i?.id === input.id)) {
      text =
        insertLast(text, ['inputs'], undefined, input) ??
        applyEdits(text, modify(text, ['inputs', -1], input, { ...options, isArrayInsertion: true }));
    }
  }
  if (text === start) return original;
  if (!text.endsWith('\n')) text += options.formattingOptions.eol;
  parseOrRefuse(file, text); // never hand back a document we broke
  return text;
}
