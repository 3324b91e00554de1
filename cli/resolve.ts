// `<server>` on the command line: a package name or an mcpName, exactly, or a unique prefix of one.
import { UsageError } from './errors.js';
import type { ServerInfo } from './discover.js';

const SOURCE_ORDER = ['path', 'project', 'catalog', 'global'] as const;
const rank = (s: ServerInfo) =>
  (s.status === 'ok' ? 0 : 10) + Math.min(...s.sources.map((src) => SOURCE_ORDER.indexOf(src)));

export function resolveServer(servers: ServerInfo[], query: string): ServerInfo {
  const exact = servers.filter((s) => s.name === query || s.mcpName === query);
  // The same server may sit in several folders (a repo and an installed copy): take the runnable one
  // from the most specific source (--path, then the project, the catalog, the global root).
  if (exact.length > 0) return [...exact].sort((a, b) => rank(a) - rank(b))[0]!;
  const prefixed = servers.filter((s) => s.name.startsWith(query) || s.mcpName.startsWith(query));
  const names = [...new Set(prefixed.map((s) => s.name))];
  if (names.length === 1) return [...prefixed].sort((a, b) => rank(a) - rank(b))[0]!;
  if (names.length > 1) throw new UsageError(`"${query}" matches several servers: ${names.join(', ')}`);
  const known = servers.length > 0 ? `; known: ${[...new Set(servers.map((s) => s.name))].join(', ')}` : '';
  throw new UsageError(`no MCP server named "${query}"${known} (see \`mcp-factory list\`)`);
}
