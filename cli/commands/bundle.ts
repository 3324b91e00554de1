// `mcp-factory bundle <server> [--out file]`: an MCP Bundle (.mcpb) for one-click install in Claude Desktop.
import path from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_TIMEOUT_MS } from '../timeouts.js';
import { discover } from '../discover.js';
import { resolveServer } from '../resolve.js';
import { discoveryOptions, parseTimeout, withDiscoveryFlags, type DiscoveryFlags } from './shared.js';

interface BundleFlags extends DiscoveryFlags {
  out?: string;
  timeout: number;
}

export function bundleCommand(program: Command): void {
  withDiscoveryFlags(
    program
      .command('bundle')
      .description(
        'build an MCP Bundle (.mcpb) of a server: manifest (tools, prompts, user_config) + built server, validated',
      )
      .argument('<server>', 'package name or mcpName (a unique prefix works)')
      .option('--out <file>', 'where to write the bundle (default: ./<name>-<version>.mcpb)')
      .option('--timeout <ms>', 'time the server gets to list its tools', parseTimeout, DEFAULT_TIMEOUT_MS),
  ).action(async (query: string, flags: BundleFlags) => {
    const server = resolveServer(discover(discoveryOptions(flags)), query);
    // loaded on use: see main.ts
    const [{ withServer }, { buildBundle, bundleContents }] = await Promise.all([
      import('../connect.js'),
      import('../bundle.js'),
    ]);
    // The manifest lists the tools and prompts: ask the server itself.
    const { tools, prompts } = await withServer(server, flags.timeout, bundleContents);
    const out =
      flags.out ??
      path.join(process.cwd(), `${server.name.replace(/^@[^/]+\//, '')}-${server.version || '0.0.0'}.mcpb`);
    const { file, bytes } = await buildBundle(server, tools, out, prompts);
    const listed = `${tools.length} tools${prompts.length ? `, ${prompts.length} prompts` : ''}`;
    process.stdout.write(`wrote ${file} (${(bytes / 1024).toFixed(0)} kB, ${listed})\n`);
  });
}
