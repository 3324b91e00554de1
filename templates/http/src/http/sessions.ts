// Stateful mode (--stateful): one McpServer and transport per Mcp-Session-Id, kept in this process,
// so a tool can ask the client mid-call (sampling, elicitation). Replicas need sticky routing on
// that header. 2025-era protocol only: the 2026-07-28 revision has no sessions.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { McpServer } from '@modelcontextprotocol/server';
import { NodeStreamableHTTPServerTransport } from '@modelcontextprotocol/node';
import { log } from '../log.js';
import { sendRpcError } from './responses.js';

export interface SessionRouter {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  readonly size: number;
  closeAll(): Promise<void>;
}

export function createSessionRouter(
  newServer: () => McpServer,
  limits: { maxBodyBytes: number; maxSessions: number },
): SessionRouter {
  const sessions = new Map<string, NodeStreamableHTTPServerTransport>();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const id = req.headers['mcp-session-id'];
    if (typeof id === 'string') {
      const transport = sessions.get(id);
      if (!transport) return sendRpcError(res, 404, 'Session not found');
      return transport.handleRequest(req, res);
    }
    if (sessions.size >= limits.maxSessions) return sendRpcError(res, 503, 'Too many sessions', { 'retry-after': '5' });
    // No session yet: a fresh transport answers an initialize request (and refuses anything else).
    const transport = new NodeStreamableHTTPServerTransport({
      sessionIdGenerator: randomUUID,
      maxRequestBodySize: limits.maxBodyBytes,
      onsessioninitialized: (sid) => void sessions.set(sid, transport),
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    const server = newServer();
    await server.connect(transport);
    await transport.handleRequest(req, res);
    if (!transport.sessionId) await server.close();
  }

  return {
    handle,
    get size() {
      return sessions.size;
    },
    async closeAll() {
      const open = [...sessions.values()];
      sessions.clear();
      await Promise.allSettled(open.map((t) => t.close()));
      if (open.length > 0) log.debug(`closed ${open.length} session(s)`);
    },
  };
}
