// The read side: the `history` tool (read-only) and the `history://{id}` resource, so a client can
// look back at earlier calls. Records are read from the store's files, newest first.
import { ResourceTemplate, type McpServer } from '@modelcontextprotocol/server';
import * as z from 'zod';
import { defineTool, type Tool } from '../defineTool.js';
import type { CallRecord } from './record.js';

export interface HistoryQuery {
  limit: number;
  cursor?: string;
  tool?: string;
  since?: string;
}

/** What the read side needs from a backend (records still queued are written first). */
export interface RecordSource {
  page(query: HistoryQuery): Promise<HistoryPage>;
  get(id: string): Promise<CallRecord | undefined>;
}

export interface HistoryPage {
  records: Array<Pick<CallRecord, 'id' | 'time' | 'tool' | 'outcome' | 'durationMs' | 'attempts' | 'args'>>;
  /** Pass as `cursor` for the next (older) page; absent on the last page. */
  nextCursor?: string;
}

/** Newest first; records of the same millisecond in reverse write order (sort is stable). */
const newestFirst = (records: CallRecord[]) =>
  records.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0)).reverse();

/** What the history tool shows of a record (history://{id} has the rest). */
export const summary = ({
  id,
  time,
  tool,
  outcome,
  durationMs,
  attempts,
  args,
}: CallRecord): HistoryPage['records'][number] => ({
  id,
  time,
  tool,
  outcome,
  durationMs,
  attempts,
  args,
});

export const encodeCursor = (record: Pick<CallRecord, 'time' | 'id'>) =>
  Buffer.from(JSON.stringify([record.time, record.id])).toString('base64url');

export function decodeCursor(cursor: string): [string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && typeof value[0] === 'string' && typeof value[1] === 'string')
      return [value[0], value[1]];
  } catch {
    // reported below
  }
  throw new Error('invalid cursor: pass the nextCursor of a previous history result');
}

/** A page of `records` (any order), for backends that read every record (jsonl). */
export function historyPage(records: CallRecord[], query: HistoryQuery): HistoryPage {
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  const since = query.since === undefined ? undefined : new Date(query.since).toISOString();
  const matching = newestFirst(
    records.filter(
      (r) => (query.tool === undefined || r.tool === query.tool) && (since === undefined || r.time >= since),
    ),
  );
  // Continue after the cursor's record; if it was rotated away, after its time.
  const at = after ? matching.findIndex((r) => r.id === after[1]) : -1;
  const rest = !after ? matching : at >= 0 ? matching.slice(at + 1) : matching.filter((r) => r.time < after[0]);
  const page = rest.slice(0, query.limit);
  return {
    records: page.map(summary),
    ...(rest.length > page.length ? { nextCursor: encodeCursor(page[page.length - 1]) } : {}),
  };
}

export function historyTool(source: RecordSource): Tool {
  return defineTool({
    name: 'history',
    title: 'Call history',
    description:
      "Earlier tool calls of this server, newest first: id, time, tool, outcome, duration, attempts and arguments. Read one call in full with the resource history://{id}. Use `cursor` (a previous result's nextCursor) for older calls.",
    inputSchema: z.object({
      limit: z.number().int().min(1).max(100).default(20).describe('records per page (1-100, default 20)'),
      cursor: z.string().optional().describe('nextCursor of a previous result, for older records'),
      tool: z.string().optional().describe('only calls of this tool'),
      since: z.iso.datetime({ offset: true }).optional().describe('only calls at or after this time (ISO 8601)'),
    }),
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    async run(input) {
      const page = await source.page(input);
      return { content: [{ type: 'text', text: JSON.stringify(page, null, 2) }] };
    },
  });
}

/** `history://{id}`: one record in full (arguments, every upstream exchange, the result), as JSON. */
export function registerHistoryResource(server: McpServer, source: RecordSource): void {
  server.registerResource(
    'history',
    new ResourceTemplate('history://{id}', { list: undefined }),
    {
      title: 'A recorded tool call',
      description: 'One earlier tool call in full; ids come from the history tool',
      mimeType: 'application/json',
    },
    async (uri, variables) => {
      const id = String(variables.id);
      const record = await source.get(id);
      if (!record) throw new Error(`no recorded call with id ${id}: the history tool lists the ids`);
      return { contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(record, null, 2) }] };
    },
  );
}
