// One tool = one file in src/tools that calls defineTool: its schema, its annotations, and a thin
// `run` that maps input to an upstream call and the answer to a result. Errors thrown by `run`
// become isError results here, so tools never format failures themselves, and every result is kept
// within the size a model can use (resultLimit.ts).
// Types only from the SDK: a tool's module, and so its unit test, loads no SDK code (inputRequired.ts).
import type {
  CallToolResult,
  InputRequiredResult,
  McpServer,
  ServerContext,
  ToolAnnotations,
} from '@modelcontextprotocol/server';
import type * as z from 'zod';
import type { ServerConfig } from './config.js';
import { toToolResult } from './errors.js';
import { givenRound, isInputRequired, recordRound, roundOf, withoutClient, type InputRound } from './inputRequired.js';
import { withCachedJsonSchema } from './jsonSchemaCache.js';
import { log } from './log.js';
import { limitResult, narrowingHint } from './resultLimit.js';
import type { Upstream } from './upstream.js';
import { activeTracer, callInfoOf } from './tracing/active.js';

export interface ToolDeps {
  config: ServerConfig;
  upstream: Upstream;
  /** Present only when the server keeps a record of its calls (`npx plop persistence`). */
  recorder?: CallRecorder;
}

/** Keeps a record of each tool call (src/persistence/); every call passes through it when present. */
export interface CallRecorder {
  record(
    call: { tool: string; args: unknown; requestId?: string | number; signal?: AbortSignal },
    run: () => Promise<CallToolResult>,
  ): Promise<CallToolResult>;
}

export interface ToolContext extends ToolDeps {
  /** Aborted when the client cancels the call (notifications/cancelled) or the connection closes. */
  signal: AbortSignal;
  /** This call's round: what the client answered, and `round.ask(...)` to ask it something (the runtime's input-required module). */
  round: InputRound;
}

/**
 * One call of a tool and the upstream answer it gets: the data of the server's own tests (the runtime's
 * `startExampleUpstream` serves it) and of the factory's demo. Never sent to clients.
 */
export interface ToolExample<I = Record<string, unknown>> {
  arguments: I;
  /** The request the call makes, and a realistic answer to it. */
  upstream: { method: string; path: string; body: unknown };
  /** What the call's structuredContent then holds (at least these keys). */
  structuredContent?: Record<string, unknown>;
}

export interface ToolSpec<I extends z.ZodObject, O extends z.ZodObject | undefined> {
  name: string;
  title?: string;
  description: string;
  inputSchema: I;
  outputSchema?: O;
  annotations?: ToolAnnotations;
  example?: ToolExample<z.input<I>>;
  run(input: z.infer<I>, context: ToolContext): Promise<CallToolResult | InputRequiredResult>;
}

/** The part of the SDK's request context a tool call uses. */
interface RequestContext {
  mcpReq: {
    id?: string | number;
    signal: AbortSignal;
    _meta?: { progressToken?: string | number };
    notify(notification: { method: string; params?: Record<string, unknown> }): Promise<void>;
  };
}

/**
 * Real clients abandon a call that stays silent for 60-90 s. When the client asked for progress
 * (a progressToken), report "still working" every `intervalMs` until the call ends.
 */
function keepClientInformed(ctx: RequestContext, intervalMs: number): () => void {
  const progressToken = ctx.mcpReq._meta?.progressToken;
  if (progressToken === undefined) return () => undefined;
  const started = Date.now();
  let progress = 0;
  const timer = setInterval(() => {
    progress += 1;
    const message = `waiting for the upstream API (${Math.round((Date.now() - started) / 1000)} s)`;
    ctx.mcpReq
      .notify({ method: 'notifications/progress', params: { progressToken, progress, message } })
      .catch(() => undefined);
  }, intervalMs);
  return () => clearInterval(timer);
}

export interface Tool {
  name: string;
  example?: ToolExample;
  register(server: McpServer, deps: ToolDeps): void;
  /** Runs the tool as the server would (errors become isError results): handy in unit tests. */
  call(input: unknown, deps: ToolDeps, signal?: AbortSignal, requestId?: string | number): Promise<CallToolResult>;
  /** One round of a call that may ask the client (what the server runs; `givenRound({ responses, state })` in tests). */
  callRound?(
    input: unknown,
    deps: ToolDeps,
    round: InputRound,
    signal?: AbortSignal,
    requestId?: string | number,
  ): Promise<CallToolResult | InputRequiredResult>;
}

/** A result the client sees as a failed call: its span's `error.type`. */
function toolFailed(result: CallToolResult | InputRequiredResult): string | undefined {
  return 'isError' in result && result.isError ? 'tool_error' : undefined;
}

/** A tool defineTool made: it always has `callRound`. */
export type DefinedTool = Tool & Required<Pick<Tool, 'callRound'>>;

export function defineTool<I extends z.ZodObject, O extends z.ZodObject | undefined = undefined>(
  spec: ToolSpec<I, O>,
): DefinedTool {
  // Computed on first use: reading the shape would build a lazily built schema (an OpenAPI tool's lazyInputSchema) at start-up.
  let hint: string | undefined;
  async function run(
    input: unknown,
    deps: ToolDeps,
    signal: AbortSignal,
    round: InputRound,
  ): Promise<CallToolResult | InputRequiredResult> {
    try {
      const parsed = spec.inputSchema.safeParse(input);
      if (!parsed.success) {
        const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ');
        return { isError: true, content: [{ type: 'text', text: `invalid arguments for ${spec.name}: ${problems}` }] };
      }
      const result = await spec.run(parsed.data as z.infer<I>, { ...deps, signal, round });
      if (isInputRequired(result)) return result;
      hint ??= narrowingHint(Object.keys(spec.inputSchema.shape));
      return limitResult(result, deps.config.limits.maxResultChars, hint, deps.config.envPrefix);
    } catch (error) {
      log.warn(`${spec.name} failed: ${error instanceof Error ? error.message : String(error)}`);
      return toToolResult(error, deps.config);
    }
  }
  // The one path every call takes: a server without persistence pays one property check.
  function callRound(
    input: unknown,
    deps: ToolDeps,
    round: InputRound,
    signal = new AbortController().signal,
    requestId?: string | number,
  ): Promise<CallToolResult | InputRequiredResult> {
    const { recorder } = deps;
    if (!recorder) return run(input, deps, signal, round);
    const record = (attempt: () => Promise<CallToolResult>) =>
      recorder.record({ tool: spec.name, args: input, requestId, signal }, attempt);
    return recordRound(record, () => run(input, deps, signal, round));
  }
  // A caller with no client behind it: a tool that asks gets an error result naming what it asked.
  const call = async (input: unknown, deps: ToolDeps, signal?: AbortSignal, requestId?: string | number) =>
    withoutClient(spec.name, await callRound(input, deps, givenRound(), signal, requestId));
  // Converted to JSON Schema once per process, not once per request (see jsonSchemaCache.ts).
  const inputSchema = withCachedJsonSchema(spec.inputSchema);
  const outputSchema = spec.outputSchema && withCachedJsonSchema(spec.outputSchema);
  return {
    name: spec.name,
    example: spec.example,
    call,
    callRound,
    register(server, deps) {
      const { name, title, description, annotations } = spec;
      server.registerTool(
        name,
        { title, description, inputSchema, outputSchema, annotations },
        async (args: unknown, ctx: ServerContext) => {
          // Under `npm run dev` the tool registers through a stand-in that has no `server` (the runtime's bin/devTools.mjs).
          const round = roundOf(ctx, () => server.server?.getClientCapabilities(), `tools/call ${name}`);
          const stop = keepClientInformed(ctx, deps.config.progressIntervalMs);
          const answer = () => callRound(args, deps, round, ctx.mcpReq.signal, ctx.mcpReq.id);
          const tracer = activeTracer(); // undefined unless OTEL_* variables turned tracing on
          try {
            return await (tracer ? tracer.call(callInfoOf('tools/call', name, ctx), answer, toolFailed) : answer());
          } finally {
            stop();
          }
        },
      );
    },
  };
}
