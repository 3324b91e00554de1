// `mcp-factory list`: every MCP server found, from metadata only.
import type { Command } from 'commander';
import { discover, type ServerInfo } from '../discover.js';
import { paint, printJson, table } from '../output.js';
import { discoveryOptions, withDiscoveryFlags } from './shared.js';

const statusColour = { ok: 'green', missing: 'red', 'not built': 'yellow' } as const;

export function listCommand(program: Command): void {
  withDiscoveryFlags(
    program
      .command('list')
      .description('list the MCP servers found: the catalog, this project, the global npm root and --path folders')
      .option('--json', 'print JSON (an array of servers)'),
  ).action((opts: { json?: boolean; path?: string[] }) => {
    const servers = discover(discoveryOptions(opts));
    if (opts.json) return printJson(servers);
    if (servers.length === 0) {
      process.stdout.write('no MCP servers found (generate one with `npx plop server`, or pass --path <folder>)\n');
      return;
    }
    process.stdout.write(`${table(['NAME', 'VERSION', 'MCPNAME', 'SOURCE', 'STATUS', 'PATH'], servers.map(row))}\n`);
  });
}

const row = (s: ServerInfo): string[] => [
  s.name,
  s.version || '-',
  s.mcpName,
  s.sources.join(','),
  paint(statusColour[s.status], s.status),
  s.path,
];
