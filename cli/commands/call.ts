// `mcp-factory call <server> <tool> [key=value ...] [--args JSON]`: one tool call, its result printed.
// Exit 0 on success, 1 when the result is an error (isError) or the server fails, 2 on bad usage.
import type { Command } from 'commander';
import type { CallToolResult } from '@modelcontextprotocol/client';
import type { JsonSchema } from '../args.js';
import { DEFAULT_TIMEOUT_MS } from '../timeouts.js';
import { discover } from '../discover.js';
import { UsageError } from '../errors.js';
import { printJson } from '../output.js';
import { resolveServer } from '../resolve.js';
import { discoveryOptions, parseTimeout, withDiscoveryFlags, type DiscoveryFlags } from './shared.js';

interface CallFlags extends DiscoveryFlags {
  args?: string;
  json?: boolean;
  timeout: number;
}

export function callCommand(program: Command): void {
  withDiscoveryFlags(
    program
      .command('call')
      .description('call one tool of a server and print its result (exit 1 if the result is an error, 2 on bad usage)')
      .argument('<server>', 'package name or mcpName (a unique prefix works)')
      .argument('<tool>', 'the tool to call')
      .argument('[key=value...]', "arguments, typed by the tool's input schema (arrays: a,b,c or JSON)")
      .option('--args <json>', 'arguments as one JSON object (key=value pairs are applied on top)')
      .option('--json', 'print the whole result as JSON (content, structuredContent, isError)')
      .option('--timeout <ms>', 'give up when the server does not answer in time', parseTimeout, DEFAULT_TIMEOUT_MS),
  ).action(async (query: string, toolName: string, pairs: string[], flags: CallFlags) => {
    const server = resolveServer(discover(discoveryOptions(flags)), query);
    // loaded on use: see main.ts
    const [{ withServer }, { buildArguments }] = await Promise.all([import('../connect.js'), import('../args.js')]);
    const result = await withServer(server, flags.timeout, async (client) => {
      const { tools } = await client.listTools();
      const tool = tools.find((t) => t.name === toolName);
      if (!tool) {
        throw new UsageError(
          `${server.name} has no tool "${toolName}" (its tools: ${tools.map((t) => t.name).join(', ') || 'none'})`,
        );
      }
      const args = buildArguments(toolName, tool.inputSchema as JsonSchema, { json: flags.args, pairs });
      return await client.callTool({ name: toolName, arguments: args });
    });
    if (flags.json) printJson(result);
    else process.stdout.write(`${renderResult(result)}\n`);
    if (result.isError) process.exitCode = 1;
  });
}

/** Text content as it is; other content and structured results as JSON. */
export function renderResult(result: CallToolResult): string {
  const parts = (result.content ?? []).map((item) => (item.type === 'text' ? item.text : JSON.stringify(item)));
  if (parts.length === 0 && result.structuredContent) parts.push(JSON.stringify(result.structuredContent, null, 2));
  return parts.join('\n');
}
