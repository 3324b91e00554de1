// What `resource` and `prompt` share: the name rule, the names derived from it (file and variable),
// finding one that is already there, and a one-line check for free text.
import fs from 'node:fs';
import path from 'node:path';
import { steps, type Data, type Step } from '../actions/index.js';
import { question, text, trimmed } from '../contract/questions.js';
import { camelCase } from './naming.js';

const NAME = /^[a-z][a-z0-9]*([_-][a-z0-9]+)*$/;

export type PrimitiveKind = 'resource' | 'prompt';

/** `item_detail` → file itemDetail.ts, variable itemDetailResource (a suffix, so never a reserved word). */
export function primitiveNames(name: string, kind: PrimitiveKind) {
  const camel = camelCase(name);
  return { file: camel, variable: `${camel}${kind === 'resource' ? 'Resource' : 'Prompt'}` };
}

/** Where a resource or prompt of this name (or its file) already is, if anywhere. */
export function existingPrimitive(repo: string, kind: PrimitiveKind, name: string): string | undefined {
  const dir = `src/${kind}s`;
  const { file } = primitiveNames(name, kind);
  if (fs.existsSync(path.join(repo, dir, `${file}.ts`))) return `${dir}/${file}.ts`;
  if (!fs.existsSync(path.join(repo, dir))) return undefined;
  const declares = new RegExp(`\\bname:\\s*(['"\`])${name}\\1`);
  for (const other of fs
    .readdirSync(path.join(repo, dir))
    .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
    .sort()) {
    if (declares.test(fs.readFileSync(path.join(repo, dir, other), 'utf8'))) return `${dir}/${other}`;
  }
  return undefined;
}

export function primitiveNameQuestion(kind: PrimitiveKind, example: string, repo?: string) {
  return question({
    name: 'name',
    message: `${kind === 'resource' ? 'Resource' : 'Prompt'} name`,
    help: `the ${kind}'s name, lowercase with - or _, e.g. ${example} (required)`,
    check: (v) => {
      const name = String(v ?? '');
      if (!name) return `missing --name: give the ${kind} a name, e.g. ${example}`;
      if (!NAME.test(name) || name.length > 64) {
        return `--name must be lowercase letters and digits separated by single - or _ (at most 64 characters), got "${name}"`;
      }
      if (primitiveNames(name, kind).file === 'index')
        return `--name "${name}" is reserved (src/${kind}s/index.ts): choose another`;
      const where = repo ? existingPrimitive(repo, kind, name) : undefined;
      return where ? `${kind} ${name} already exists (${where}): choose another --name` : undefined;
    },
    parse: text,
  });
}

/** A one-line text answer: undefined when fine. */
export function oneLine(flag: string, value: unknown, max = 500): string | undefined {
  const text = String(value ?? '');
  return /[\r\n]/.test(text) || text.length > max
    ? `--${flag} must be one line of at most ${max} characters`
    : undefined;
}

export const titleOf = (name: string) => name.replace(/[_-]/g, ' ').replace(/^./, (c) => c.toUpperCase());

/** The human-readable title of a resource or a prompt (default: from its name). */
export const titleQuestion = question({
  name: 'title',
  flag: 'displayTitle', // not --title: Node's own option (see Question.flag)
  message: 'Title',
  help: 'human-readable title (default: from the name)',
  default: (a) => titleOf(String(a.name ?? '')),
  check: (v) => oneLine('displayTitle', v, 200),
  parse: trimmed,
});

/**
 * The edits that add a resource or a prompt, named after its kind: its files (generators/<kind>/files), the
 * import and the entry in src/<kind>s/index.ts, a README line and an end-to-end block.
 */
export function addPrimitive(kind: PrimitiveKind, data: Data): Step[] {
  const plural = `${kind}s` as const;
  return [
    steps.renderTree({ from: `${kind}/files`, to: '.', data }),
    steps.injectPartial({ repo: '.', marker: `${kind}-imports`, partial: `${kind}/import.ts.ejs`, data }),
    steps.injectPartial({ repo: '.', marker: plural, partial: `${kind}/register.ts.ejs`, data }),
    steps.injectPartial({ repo: '.', marker: `readme-${plural}`, partial: `${kind}/readme.md.ejs`, data }),
    steps.injectPartial({ repo: '.', marker: 'e2e-tests', partial: `${kind}/e2e.ts.ejs`, data }),
  ];
}
