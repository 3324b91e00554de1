// `mcp-factory tools <server>`: starts it, lists its tools with their input schemas, stops it.
import type { Command } from 'commander';
import { DEFAULT_TIMEOUT_MS } from '../timeouts.js';
import { discover } from '../discover.js';
import { paint, printJson } from '../output.js';
import { resolveServer } from '../resolve.js';
import type { JsonSchema } from '../args.js';
import { discoveryOptions, parseTimeout, withDiscoveryFlags, type DiscoveryFlags } from './shared.js';

interface ToolsFlags extends DiscoveryFlags {
  json?: boolean;
  timeout: number;
}

export function toolsCommand(program: Command): void {
  withDiscoveryFlags(
    program
      .command('tools')
      .description('start a server, list its tools with their input schemas, and stop it')
      .argument('<server>', 'package name or mcpName (a unique prefix works)')
      .option('--json', 'print the tools as JSON (name, description, inputSchema, ...)')
      .option('--timeout <ms>', 'give up when the server does not answer in time', parseTimeout, DEFAULT_TIMEOUT_MS),
  ).action(async (query: string, flags: ToolsFlags) => {
    const server = resolveServer(discover(discoveryOptions(flags)), query);
    const { withServer } = await import('../connect.js'); // loaded on use: see main.ts
    const { tools } = await withServer(server, flags.timeout, (client) => client.listTools());
    if (flags.json) return printJson(tools);
    for (const tool of tools) {
      process.stdout.write(`${paint('bold', tool.name)}  ${tool.description ?? ''}\n`);
      for (const line of describeArguments(tool.inputSchema as JsonSchema)) process.stdout.write(`    ${line}\n`);
    }
  });
}

/** One line per argument: name, type, required or not, description. */
export function describeArguments(schema: JsonSchema): string[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([name, prop]) => {
    const type = Array.isArray(prop.type) ? prop.type.join('|') : (prop.type ?? 'any');
    const items = prop.type === 'array' && prop.items?.type ? `<${String(prop.items.type)}>` : '';
    const description = typeof prop.description === 'string' ? `  ${prop.description}` : '';
    return `${name}${required.has(name) ? '' : '?'}: ${type}${items}${description}`;
  });
}
