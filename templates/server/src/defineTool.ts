// One tool = one file in src/tools that calls defineTool: its schema, its annotations, and a thin
// `run` that maps input to an upstream call and the answer to a result. Errors thrown by `run`
// become isError results here, so tools never format failures themselves.
import type { CallToolResult, McpServer, ToolAnnotations } from '@modelcontextprotocol/server';
import type * as z from 'zod';
import type { Upstream } from './client.js';
import type { Config } from './config.js';
import { toToolResult } from './errors.js';
import { log } from './log.js';

export interface ToolDeps {
  config: Config;
  upstream: Upstream;
}

export interface ToolContext extends ToolDeps {
  /** Aborted when the client cancels the call (notifications/cancelled) or the connection closes. */
  signal: AbortSignal;
}

export interface ToolSpec<I extends z.ZodObject, O extends z.ZodObject | undefined> {
  name: string;
  title?: string;
  description: string;
  inputSchema: I;
  outputSchema?: O;
  annotations?: ToolAnnotations;
  run(input: z.infer<I>, context: ToolContext): Promise<CallToolResult>;
}

export interface Tool {
  name: string;
  register(server: McpServer, deps: ToolDeps): void;
  /** Runs the tool as the server would (errors become isError results): handy in unit tests. */
  call(input: unknown, deps: ToolDeps, signal?: AbortSignal): Promise<CallToolResult>;
}

export function defineTool<I extends z.ZodObject, O extends z.ZodObject | undefined = undefined>(spec: ToolSpec<I, O>): Tool {
  async function call(input: unknown, deps: ToolDeps, signal = new AbortController().signal): Promise<CallToolResult> {
    try {
      return await spec.run(spec.inputSchema.parse(input) as z.infer<I>, { ...deps, signal });
    } catch (error) {
      log.warn(`${spec.name} failed: ${error instanceof Error ? error.message : String(error)}`);
      return toToolResult(error, deps.config);
    }
  }
  return {
    name: spec.name,
    call,
    register(server, deps) {
      const { name, title, description, inputSchema, outputSchema, annotations } = spec;
      server.registerTool(
        name,
        { title, description, inputSchema, outputSchema, annotations } as never,
        ((args: unknown, ctx: { mcpReq: { signal: AbortSignal } }) => call(args, deps, ctx.mcpReq.signal)) as never,
      );
    },
  };
}
