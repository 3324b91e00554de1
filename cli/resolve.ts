// `<server>` on the command line: a package name or an mcpName, exactly, or a unique prefix of one.
import { UsageError } from './errors.js';
import type { ServerInfo } from './discover.js';

const SOURCE_ORDER = ['path', 'project', 'catalog', 'global'] as const;
const rank = (s: ServerInfo) =>
  (s.status === 'ok' ? 0 : 10) + Math.min(...s.sources.map((src) => SOURCE_ORDER.indexOf(src)));

/**
 * The one server among those answering to `query`. The same server may sit in several folders (a repo and
 * an installed copy): the runnable one from the most specific source wins (--path, then the project, the
 * catalog, the global root). Two folders tied at that rank (two catalog entries of the same name, say two
 * generated repos) are ambiguous: picking one would run a server the user may not have meant.
 */
function pick(candidates: ServerInfo[], query: string): ServerInfo {
  const best = Math.min(...candidates.map(rank));
  const tied = candidates.filter((s) => rank(s) === best);
  const [only] = tied;
  if (tied.length === 1) return only;
  const where = tied.map((s) => `${s.name} (${s.sources.join(', ')}: ${s.path})`).join(', ');
  throw new UsageError(`"${query}" is ambiguous: ${where}; pick one with --path <folder>`);
}

export function resolveServer(servers: ServerInfo[], query: string): ServerInfo {
  const exact = servers.filter((s) => s.name === query || s.mcpName === query);
  if (exact.length > 0) return pick(exact, query);
  const prefixed = servers.filter((s) => s.name.startsWith(query) || s.mcpName.startsWith(query));
  const names = [...new Set(prefixed.map((s) => s.name))];
  if (names.length === 1) return pick(prefixed, query);
  if (names.length > 1) throw new UsageError(`"${query}" matches several servers: ${names.join(', ')}`);
  const known = servers.length > 0 ? `; known: ${[...new Set(servers.map((s) => s.name))].join(', ')}` : '';
  throw new UsageError(`no MCP server named "${query}"${known} (see \`mcp-factory list\`)`);
}
