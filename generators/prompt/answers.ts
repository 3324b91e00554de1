// The `prompt` generator's answers: questions (each also a flag), the arguments mini-language
// (`topic:Topic to research, depth?:How deep`), completions (`depth=brief|normal|deep`), and the plan.
import type { Manifest } from '../../engine/actions/recordRun.js';
import { checkMarkers, type MarkerName } from '../../engine/contract/markers.js';
import { question, text, trimmed, type AnswersOf, type GivenAnswers } from '../../engine/contract/questions.js';
import { errorLine, PARAM_NAME, RESERVED } from '../../engine/contract/vocabulary.js';
import { oneLine, primitiveNameQuestion, primitiveNames, titleQuestion } from '../../engine/primitives/primitives.js';

export const PROMPT_MARKERS: readonly MarkerName[] = ['prompt-imports', 'prompts', 'readme-prompts', 'e2e-tests'];

/** Names the message template (EJS) uses itself, besides JavaScript's reserved words. */
const TEMPLATE_NAMES = new Set([
  'locals',
  'include',
  'escapeFn',
  'rethrow',
  '__output',
  '__append',
  '__line',
  '__lines',
  '__filename',
]);

export interface PromptArg {
  name: string;
  required: boolean;
  description?: string;
  complete?: string[];
}

/** Parses `name[?][:description]`, comma-separated; throws one clear line. */
export function parseArgs(raw: unknown): PromptArg[] {
  const text = String(raw ?? '').trim();
  if (!text || text === 'none') return [];
  // A comma inside a description is fine unless what follows looks like the next `name:` or `name?`.
  const items = text.split(/\s*,\s*(?=[A-Za-z_][\w]*\??\s*(?::|,|$)|,|$)/).map((s) => s.trim());
  const args: PromptArg[] = [];
  for (const item of items) {
    if (!item)
      throw new Error(`--args has an empty entry in "${text}": write name[?][:description], separated by commas`);
    const match = /^([^:\s?]+)(\?)?\s*(?::(.*))?$/.exec(item);
    if (!match) {
      throw new Error(
        `--args entry "${item}" is malformed: write name[?][:description], e.g. "topic:Topic to research, depth?:How deep"`,
      );
    }
    const [, name, optional, description] = match;
    if (!PARAM_NAME.test(name)) {
      throw new Error(
        `--args: "${name}" is not a valid argument name (letters, digits, underscores; not starting with a digit)`,
      );
    }
    if (RESERVED.has(name) || TEMPLATE_NAMES.has(name))
      throw new Error(`--args: "${name}" is reserved: choose another argument name`);
    if (args.some((a) => a.name === name)) throw new Error(`--args: argument ${name} is declared twice`);
    const about = description?.trim();
    if (about && about.length > 300)
      throw new Error(`--args: the description of ${name} is longer than 300 characters`);
    args.push({ name, required: !optional, description: about || undefined });
  }
  return args;
}

/** Parses `arg=a|b|c`, separated by commas or semicolons, against the declared arguments. */
export function parseCompletions(raw: unknown, args: PromptArg[]): Record<string, string[]> {
  const text = String(raw ?? '').trim();
  if (!text || text === 'none') return {};
  const completions: Record<string, string[]> = {};
  for (const item of text.split(/\s*[;,]\s*/)) {
    const match = /^([^=\s]+)\s*=\s*(.+)$/.exec(item);
    if (!match)
      throw new Error(
        `--complete entry "${item}" is malformed: write argument=value|value, e.g. "depth=brief|normal|deep"`,
      );
    const [, name, list] = match;
    if (!args.some((a) => a.name === name)) {
      throw new Error(
        `--complete: ${name} is not an argument of this prompt (declared: ${args.map((a) => a.name).join(', ') || 'none'})`,
      );
    }
    if (completions[name]) throw new Error(`--complete: ${name} is listed twice`);
    const values = list.split('|').map((v) => v.trim());
    if (values.some((v) => !v || v.length > 100))
      throw new Error(`--complete: ${name} has an empty or overlong value in "${list}"`);
    completions[name] = [...new Set(values)];
  }
  return completions;
}

function checkArgs(value: unknown): string | undefined {
  try {
    parseArgs(value);
    return undefined;
  } catch (error) {
    return errorLine(error);
  }
}

function checkCompletions(value: unknown, answers: GivenAnswers): string | undefined {
  try {
    parseCompletions(value, parseArgs(answers.args));
    return undefined;
  } catch (error) {
    return errorLine(error);
  }
}

export function promptQuestions(repo?: string) {
  return [
    primitiveNameQuestion('prompt', 'research', repo),
    question({
      name: 'description',
      message: 'What the prompt is for (one line)',
      help: 'one-line description shown to clients (required)',
      check: (v) =>
        String(v ?? '').trim()
          ? oneLine('description', v)
          : 'missing --description: say in one line what the prompt is for',
      parse: trimmed,
    }),
    titleQuestion,
    question({
      name: 'args',
      message: 'Arguments: name[?][:description], comma-separated (empty for none)',
      help: 'the prompt\'s arguments, e.g. "topic:Topic to research, depth?:How deep"; ? = optional',
      default: () => '',
      check: checkArgs,
      parse: parseArgs,
    }),
    question({
      name: 'complete',
      message: 'Completions: argument=value|value (empty for none)',
      help: 'values a client offers while typing an argument, e.g. "depth=brief|normal|deep"',
      default: () => '',
      check: checkCompletions,
      parse: text,
    }),
  ];
}

/** The parsed answers planPrompt reads. */
export type PromptAnswers = AnswersOf<ReturnType<typeof promptQuestions>>;

export interface PromptPlan {
  name: string;
  title: string;
  description: string;
  args: PromptArg[];
  /** The arguments and completions as given, normalised (recorded in .mcp-factory.json). */
  argsSpec: string;
  completeSpec: string;
  promptFile: string;
  promptVar: string;
}

export function planPrompt(answers: PromptAnswers, repo: string, _manifest: Manifest): PromptPlan {
  checkMarkers(repo, PROMPT_MARKERS, 'add a prompt');
  // Completions are checked against the arguments (their question's check did the same).
  const completions = parseCompletions(answers.complete, answers.args);
  const args = answers.args.map((a) => (completions[a.name] ? { ...a, complete: completions[a.name] } : a));
  const { name } = answers;
  const { file, variable } = primitiveNames(name, 'prompt');
  return {
    name,
    title: answers.title,
    description: answers.description,
    args,
    argsSpec: args
      .map((a) => `${a.name}${a.required ? '' : '?'}${a.description ? `:${a.description}` : ''}`)
      .join(', '),
    completeSpec: args.flatMap((a) => (a.complete ? [`${a.name}=${a.complete.join('|')}`] : [])).join('; '),
    promptFile: file,
    promptVar: variable,
  };
}
