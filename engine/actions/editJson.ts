// Step `editJson`: one edit of a JSON file of the repo (package.json, server.json) through the run's tree.
// The file is parsed, checked against a zod schema of the part the edit relies on, edited in place and
// written back with two-space indentation (then formatted like every write). The edit works on the file's
// own object, so every key keeps its place and keys the schema does not name are kept as they are.
import { z } from 'zod';
import type { Step } from './step.js';

export interface EditJsonConfig<T> {
  /** The file, relative to the destination or absolute. */
  file: string;
  /** The shape the edit relies on. It only checks (the edit gets the parsed object itself): no transforms. */
  schema: z.ZodType<T>;
  /** A missing file: `{ summary }` is nothing to do, `{ refuse }` a one-line refusal (given the file as shown). */
  ifMissing: { summary: string } | { refuse: (shown: string) => string };
  /** Changes the object in place; `{ unchanged }`: nothing to do here, with that summary (nothing is written). */
  edit(json: T): void | { unchanged: string };
  /** The summary line, told whether the file changed. */
  summary(changed: boolean): string;
}

const firstLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0];

/** Parses and checks the file's text; throws one line naming the file. */
export function parseJsonFile<T>(shown: string, source: string, schema: z.ZodType<T>): T {
  let json: unknown;
  try {
    json = JSON.parse(source);
  } catch (error) {
    throw new Error(`${shown} is not valid JSON (${firstLine(error)}): fix it, then run again`);
  }
  if (conforms(schema, json)) return json;
  const issue = schema.safeParse(json).error?.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : 'the top level';
  throw new Error(`${shown} has an unexpected shape at ${where} (${issue?.message}): fix it, then run again`);
}

/** A type guard from the schema: the parsed object itself, typed, rather than zod's rebuilt copy (key order). */
function conforms<T>(schema: z.ZodType<T>, value: unknown): value is T {
  return schema.safeParse(value).success;
}

export const editJson = <T>({ file, schema, ifMissing, edit, summary }: EditJsonConfig<T>): Step => ({
  name: 'editJson',
  async run({ tree }) {
    const source = tree.read(file);
    const shown = tree.show(file);
    if (source === undefined) {
      if ('refuse' in ifMissing) throw new Error(ifMissing.refuse(shown));
      return ifMissing.summary;
    }
    const json = parseJsonFile(shown, source, schema);
    const outcome = edit(json);
    if (outcome) return outcome.unchanged;
    const result = await tree.write(file, `${JSON.stringify(json, null, 2)}\n`);
    return summary(result === 'staged');
  },
});

const stringMap = z.record(z.string(), z.string());

/** The parts of a server repo's package.json that generators edit. */
export const packageJsonSchema = z.looseObject({
  scripts: stringMap.optional(),
  dependencies: stringMap.optional(),
  devDependencies: stringMap.optional(),
});

/** The parts of a server repo's server.json that generators edit: each package's environment variables. */
export const serverJsonSchema = z.looseObject({
  packages: z
    .array(z.looseObject({ environmentVariables: z.array(z.looseObject({ name: z.string() })).optional() }))
    .optional(),
});
