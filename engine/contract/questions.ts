// Every prompt is also a flag: `npx plop <generator> -- --flag value`. Flags given on the command
// line skip their prompt; the rest are asked when a person is at a terminal, and take their default
// otherwise (CI, tests, `--yes`). plop's own bypass cannot do this (it asks every prompt that was not
// bypassed), so the generator contract hands plop a prompts *function* that calls collectAnswers.
import { parseArgs } from 'node:util';
import { INTERRUPTED } from './plopCli.js';

export interface Question {
  name: string;
  message: string;
  type?: 'input' | 'list' | 'confirm';
  choices?: readonly string[];
  /** Default shown in the prompt and used when not interactive; may depend on earlier answers. */
  default?: (answers: Record<string, unknown>) => unknown;
  /** Returns an error line, or undefined when the value is fine. */
  check?: (value: unknown, answers: Record<string, unknown>) => string | undefined;
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
  when?: (answers: Record<string, unknown>) => boolean;
  help: string;
}

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
export function resolveAnswers(questions: readonly Question[], raw: Record<string, unknown>): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const q of questions) {
    const given = [q.name, q.flag, ...(q.deprecatedFlags ?? [])].map((name) => (name ? raw[name] : undefined));
    const value = given.find((v) => v !== undefined && v !== '');
    answers[q.name] = value === undefined ? q.default?.(answers) : value;
    const problem = q.check?.(answers[q.name], answers);
    if (problem) throw new Error(problem);
  }
  return answers;
}
