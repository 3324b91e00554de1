// One prompt = one module in src/prompts that calls definePrompt (name, arguments, completions) and
// one message template beside it (src/prompts/<name>.md) that you edit freely. The template is EJS
// (`<%- topic %>`, `<% if (depth) { %>…<% } %>`), read at every prompts/get, so an edit shows up at
// the next request. EJS rather than a home-made `{{x}}` syntax: conditionals for optional
// arguments, and error messages with the file and line.
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  completable,
  isInputRequiredResult,
  ProtocolError,
  ProtocolErrorCode,
  type GetPromptResult,
  type InputRequiredResult,
  type McpServer,
} from '@modelcontextprotocol/server';
import * as z from 'zod';
import { messageOf } from './errors.js';
import { askedFor, givenRound, roundOf, type InputRound } from './inputRequired.js';
import { activePrimitiveRecorder } from './record/active.js';
import { activeTracer, callInfoOf } from './tracing/active.js';

export interface PromptArgument {
  name: string;
  description?: string;
  required: boolean;
  /** Values a client may offer while the user types (completion/complete). */
  complete?: readonly string[];
}

/** A prompt's arguments as a client sends them: an optional argument may be absent. */
export type PromptArgs = Record<string, string | undefined>;

export interface PromptSpec {
  name: string;
  title?: string;
  description?: string;
  arguments: readonly PromptArgument[];
  /**
   * The message template, beside the prompt's module: `new URL('./research.md', import.meta.url)`. That is
   * src/prompts/ when running from source (tests, `npm run dev`), and dist/ in the build (the runtime's
   * mcp-factory-build copies the templates there and maps import.meta.url to the bundle's file).
   */
  template: URL;
  /**
   * Values the template needs from the client at prompts/get (the runtime's input-required module): return
   * `round.ask(...)` until the answers are there, then the extra template variables.
   */
  gather?(args: PromptArgs, round: InputRound): Promise<InputRequiredResult | Record<string, string>>;
}

export interface Prompt {
  name: string;
  /** Some argument offers completions (the server then declares the `completions` capability). */
  completes: boolean;
  register(server: McpServer): void;
  /** Renders the prompt as prompts/get would (argument errors are -32602): handy in unit tests. */
  get(args: PromptArgs | undefined): Promise<GetPromptResult>;
  /** One round of a prompts/get that may ask the client (what the server runs; `givenRound(...)` in tests). */
  getRound(args: PromptArgs | undefined, round: InputRound): Promise<GetPromptResult | InputRequiredResult>;
}

function argumentSchema(arg: PromptArgument) {
  let schema = arg.required ? z.string().min(1) : z.string();
  if (arg.description) schema = schema.describe(arg.description);
  // The SDK finds completions under `.optional()`, so completable wraps the string itself.
  const options = arg.complete;
  if (options)
    schema = completable(schema, (value) => options.filter((option) => option.startsWith(String(value ?? ''))));
  return arg.required ? schema : schema.optional();
}

async function render(spec: PromptSpec, args: PromptArgs, gathered: Record<string, string> = {}): Promise<string> {
  const file = fileURLToPath(spec.template);
  let source: string;
  try {
    source = await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new ProtocolError(
      ProtocolErrorCode.InternalError,
      `prompt ${spec.name}: cannot read its template ${path.basename(file)}: ${messageOf(error)}`,
    );
  }
  const { default: ejs } = await import('ejs'); // loaded on the first prompts/get, not at startup
  // Every declared argument is a variable (undefined when not given), and nothing is HTML-escaped:
  // the text goes to a model, not a browser.
  const locals = { ...Object.fromEntries(spec.arguments.map((a) => [a.name, args[a.name]])), ...gathered };
  try {
    return ejs.render(source, locals, {
      filename: file,
      escape: (value: unknown) => (value == null ? '' : String(value)),
    });
  } catch (error) {
    const where = messageOf(error).split('\n').filter(Boolean);
    throw new ProtocolError(
      ProtocolErrorCode.InternalError,
      `prompt ${spec.name}: template ${spec.template} failed: ${where.at(-1)} (${where[0]})`,
    );
  }
}

export function definePrompt(spec: PromptSpec): Prompt {
  const argsSchema = z.object(Object.fromEntries(spec.arguments.map((a) => [a.name, argumentSchema(a)])));

  async function getRoundNow(
    args: PromptArgs | undefined,
    round: InputRound,
  ): Promise<GetPromptResult | InputRequiredResult> {
    const parsed = argsSchema.safeParse(args ?? {});
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'arguments'}: ${i.message}`).join('; ');
      throw new ProtocolError(
        ProtocolErrorCode.InvalidParams,
        `invalid arguments for prompt ${spec.name}: ${problems}`,
      );
    }
    const values = parsed.data;
    const gathered = await spec.gather?.(values, round);
    if (isInputRequiredResult(gathered)) return gathered;
    const text = await render(spec, values, gathered);
    return { description: spec.description, messages: [{ role: 'user', content: { type: 'text', text } }] };
  }

  // The one path every get takes: recorded or replayed (`<PREFIX>_RECORD`, `_REPLAY`) when the hook is set.
  function getRound(args: PromptArgs | undefined, round: InputRound): Promise<GetPromptResult | InputRequiredResult> {
    const recorder = activePrimitiveRecorder();
    if (!recorder) return getRoundNow(args, round);
    // A record holds the arguments given (as JSON would keep them): an absent optional one is left out.
    const input: Record<string, string> = {};
    for (const [key, value] of Object.entries(args ?? {})) if (value !== undefined) input[key] = value;
    return recorder.get({ name: spec.name, input }, () => getRoundNow(args, round));
  }

  // A caller with no client behind it: a prompt that asks is an error naming what it asked.
  async function get(args: PromptArgs | undefined): Promise<GetPromptResult> {
    const result = await getRound(args, givenRound());
    if (!isInputRequiredResult(result)) return result;
    throw new ProtocolError(
      ProtocolErrorCode.InvalidParams,
      `prompt ${spec.name} needs input from the client: ${askedFor(result)}`,
    );
  }

  return {
    name: spec.name,
    completes: spec.arguments.some((a) => a.complete),
    get,
    getRound,
    register(server) {
      const { name, title, description } = spec;
      // The SDK validates too; `get` gives the same -32602 with the argument named either way.
      server.registerPrompt(name, { title, description, argsSchema }, (args, ctx) => {
        const answer = () =>
          getRound(
            args,
            roundOf(ctx, () => server.server.getClientCapabilities(), `prompts/get ${name}`),
          );
        const tracer = activeTracer(); // undefined unless OTEL_* variables turned tracing on
        return tracer ? tracer.call(callInfoOf('prompts/get', name, ctx), answer) : answer();
      });
    },
  };
}
