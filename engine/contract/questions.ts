// Every prompt is also a flag: `npx plop <generator> -- --flag value`. Flags given on the command
// line skip their prompt; the rest are asked when a person is at a terminal, and take their default
// otherwise (CI, tests, `--yes`). plop's own bypass cannot do this (it asks every prompt that was not
// bypassed), so the generator contract hands plop a prompts *function* that calls collectAnswers.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { INTERRUPTED } from './plopCli.js';

/**
 * The answers given so far, as given: a flag's string, a prompt's reply, a value replayed from
 * .mcp-factory.json or passed by a program. Checks and defaults read them; plan() gets the parsed ones.
 */
export type GivenAnswers = Readonly<Record<string, unknown>>;

/**
 * One question, also a flag. `Value` is the type of its parsed answer: what plan() sees under `name`
 * (see AnswersOf). Build one with `question()` so that its name stays a literal type.
 */
export interface Question<Name extends string = string, Value = unknown> {
  name: Name;
  message: string;
  type?: 'input' | 'list' | 'confirm';
  choices?: readonly string[];
  /** Default shown in the prompt and used when not interactive; may depend on earlier answers. */
  default?: (answers: GivenAnswers) => unknown;
  /** Returns an error line, or undefined when the value is fine. */
  check?: (value: unknown, answers: GivenAnswers) => string | undefined;
  /**
   * The answer's typed value, from a value its check accepted (the flag parser's, the prompt's and a
   * replayed record's values all go through it): what plan() sees. Without it the value stays as given.
   */
  parse?: (value: unknown) => Value;
  /**
   * The flag's name when it cannot be the answer's name. plop's launcher hands any argument that is
   * also a Node option (`--title`) to Node itself and restarts, which breaks the command line, so such
   * an answer takes another flag (`title` → `--displayTitle`). The answer keeps its name.
   */
  flag?: string;
  /**
   * Older names of the flag, still accepted (one line on stderr says the current name); --help shows only the
   * current one. Programmatic runs (tests, replays of recorded runs) may name the answer either way.
   */
  deprecatedFlags?: readonly string[];
  /** A flag only: never asked, e.g. --dry-run. */
  flagOnly?: boolean;
  /** Ask only when this holds (e.g. a preset-specific answer); otherwise the default is used silently. */
  when?: (answers: GivenAnswers) => boolean;
  help: string;
}

/** A question with its name kept as a literal type, so that AnswersOf can name its answer. */
export const question = <const Name extends string, Value = unknown>(q: Question<Name, Value>): Question<Name, Value> =>
  q;

/**
 * A list of questions kept as a tuple: in a plain array literal TypeScript folds a typed question into an
 * untyped one beside it (`Question<'name', string>` is a `Question`), losing its answer's type.
 */
export const questions = <const Qs extends readonly Question[]>(...list: Qs): Qs => list;

/** The parsed answers of a list of questions: each question's name → the type its `parse` returns. */
export type AnswersOf<Qs extends readonly Question[]> = {
  [Q in Qs[number] as Q['name']]: Q extends Question<string, infer Value> ? Value : never;
};

// The usual parsers. Each runs on a value its question's check accepted.
/** Text as given, `''` when missing. */
export const text = (value: unknown): string => String(value ?? '');
/** Text without surrounding blanks. */
export const trimmed = (value: unknown): string => text(value).trim();
/** A yes/no answer: a flag's boolean, or yes/no as typed or recorded (true, yes, y, 1 / false, no, n, 0); else undefined. */
export function toBool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const v = String(value ?? '')
    .trim()
    .toLowerCase();
  if (['true', 'yes', 'y', '1'].includes(v)) return true;
  if (['false', 'no', 'n', '0'].includes(v)) return false;
  return undefined;
}
/** A yes/no answer its check accepted (see toBool). */
export const yesNo = (value: unknown): boolean => toBool(value) === true;
/** One of `choices` (a zod enum's parse, so that a value outside them fails loudly rather than passing on). */
export const oneOf =
  <const C extends readonly [string, ...string[]]>(choices: C, normalise: (v: string) => string = (v) => v) =>
  (value: unknown): C[number] =>
    z.enum(choices).parse(normalise(String(value)));

type Inquirer = { prompt: (questions: unknown[]) => Promise<Record<string, unknown>> };

/**
 * Answers named like a Node option, and the flag each takes instead (see Question.flag): plop's
 * launcher would hand `--title` to Node. launcherGuard.ts names the replacement when one is typed.
 */
export const RENAMED_FLAGS: ReadonlyMap<string, string> = new Map([['title', 'displayTitle']]);

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const flagOf = (q: Question) => q.flag ?? RENAMED_FLAGS.get(q.name) ?? q.name;

/** The arguments after `--`, where plop leaves them for the generator. */
export function generatorArgv(argv = process.argv): string[] {
  const index = argv.indexOf('--');
  return index < 0 ? [] : argv.slice(index + 1);
}

export function helpText(generator: string, questions: readonly Question[]): string {
  const lines = questions.map((q) => {
    // Flags are shown as their answer names; --dry-run keeps the spelling every CLI uses.
    const flag = `--${q.name === 'dryRun' ? 'dry-run' : flagOf(q)}${q.type === 'confirm' ? '' : ' <value>'}`;
    const choices = q.choices ? ` (${q.choices.join(' | ')})` : '';
    return `  ${flag.padEnd(28)} ${q.help}${choices}`;
  });
  return [
    `Usage: npx plop ${generator} [--dest <dir>] -- [flags]`,
    '',
    'Flags:',
    ...lines,
    `  ${'--yes'.padEnd(28)} use defaults for everything not given as a flag (no prompts)`,
    `  ${'--help'.padEnd(28)} show this help`,
  ].join('\n');
}

/** Where a deprecated flag's note goes: stderr (stdout may be a client's JSON-RPC channel). */
const toStderr = (line: string) => {
  process.stderr.write(`${line}\n`);
};

export function parseFlags(
  questions: readonly Question[],
  args: string[],
  warn: (line: string) => void = toStderr,
): Record<string, unknown> {
  const options: Record<string, { type: 'string' | 'boolean' }> = {
    yes: { type: 'boolean' },
    help: { type: 'boolean' },
  };
  // Flags are the answer names (`--baseUrl`, as plop users expect); the kebab-case spelling works too.
  for (const q of questions) {
    const type = q.type === 'confirm' ? 'boolean' : 'string';
    for (const flag of [flagOf(q), ...(q.deprecatedFlags ?? [])]) {
      options[flag] = { type };
      options[kebab(flag)] = { type };
    }
  }
  let values: Record<string, unknown>;
  try {
    // allowNegative: `--no-<flag>` answers a yes/no question with no (`--no-git`, `--no-optional`).
    ({ values } = parseArgs({ args, options, strict: true, allowPositionals: false, allowNegative: true }));
  } catch (error) {
    throw new Error((error as Error).message.split('\n')[0].replace(/\. To specify.*$/, ''));
  }
  const flags: Record<string, unknown> = {};
  for (const q of questions) {
    const value = values[flagOf(q)] ?? values[kebab(flagOf(q))];
    if (value !== undefined) flags[q.name] = value;
    for (const old of q.deprecatedFlags ?? []) {
      const given = values[old] ?? values[kebab(old)];
      if (given === undefined) continue;
      warn(`--${old} is deprecated: use --${flagOf(q)}`);
      if (value === undefined) flags[q.name] = given;
    }
  }
  if (values.yes) flags.yes = true;
  if (values.help) flags.help = true;
  return flags;
}

/**
 * One prompt. Ctrl-C ends the run with exit code 130: inquirer 9 signals itself (plopCli.ts handles
 * that), and the @inquirer/prompts generation rejects with an ExitPromptError instead.
 */
async function promptOrExit(inquirer: Inquirer, questions: unknown[]): Promise<Record<string, unknown>> {
  try {
    return await inquirer.prompt(questions);
  } catch (error) {
    if ((error as Error).name === 'ExitPromptError') process.exit(INTERRUPTED);
    throw error;
  }
}

export async function collectAnswers(
  generator: string,
  questions: readonly Question[],
  inquirer: Inquirer,
  args = generatorArgv(),
  interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY),
): Promise<Record<string, unknown>> {
  const flags = parseFlags(questions, args);
  if (flags.help) {
    process.stdout.write(`${helpText(generator, questions)}\n`);
    process.exit(0);
  }
  const answers: Record<string, unknown> = {};
  for (const q of questions) {
    const fallback = q.default?.(answers);
    if (q.name in flags) answers[q.name] = flags[q.name];
    else if (!interactive || flags.yes || q.flagOnly || q.when?.(answers) === false) answers[q.name] = fallback;
    else {
      const reply = await promptOrExit(inquirer, [
        {
          name: q.name,
          message: q.message,
          type: q.type ?? 'input',
          choices: q.choices,
          default: fallback,
          validate: (value: unknown) => q.check?.(value, answers) ?? true,
        },
      ]);
      answers[q.name] = reply[q.name];
    }
    const problem = q.check?.(answers[q.name], answers);
    if (problem) throw new Error(problem);
  }
  return answers;
}

/**
 * The answers a plan is made from: each question's given value, or its default when missing or
 * empty, checked in order (later checks may read earlier answers). Programmatic runs (tests,
 * `runActions`, a replay) get exactly the validation of command-line runs. Throws one clear line.
 */
export function resolveAnswers<const Qs extends readonly Question[]>(questions: Qs, raw: GivenAnswers): AnswersOf<Qs> {
  const answers: Record<string, unknown> = {};
  const parsed: Record<string, unknown> = {};
  for (const q of questions) {
    const given = [q.name, q.flag, ...(q.deprecatedFlags ?? [])].map((name) => (name ? raw[name] : undefined));
    const value = given.find((v) => v !== undefined && v !== '');
    answers[q.name] = value === undefined ? q.default?.(answers) : value;
    const problem = q.check?.(answers[q.name], answers);
    if (problem) throw new Error(problem);
    parsed[q.name] = q.parse ? q.parse(answers[q.name]) : answers[q.name];
  }
  // Each key was set from its question and each value by that question's parse, which is what AnswersOf
  // says; a mapped type over a list of questions cannot be built key by key, hence the one cast.
  return parsed as AnswersOf<Qs>;
}
