// Stateful mode (--stateful): one McpServer and transport per Mcp-Session-Id, kept in this process,
// so a tool can ask the client mid-call (sampling, elicitation). Replicas need sticky routing on
// that header. Sessions are 2025-era protocol: the 2026-07-28 revision has none, so a request
// without a session id that carries the 2026-07-28 envelope goes to the stateless handler (the
// SDK's own classification, isLegacyRequest), and one deployment serves both eras.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isLegacyRequest, type McpServer } from '@modelcontextprotocol/server';
import {
  NodeStreamableHTTPServerTransport,
  toWebRequest,
  type NodeMcpRequestHandler,
} from '@modelcontextprotocol/node';
import { log } from '../log.js';
import { sendJson, sendRpcError } from './responses.js';

export interface SessionRouter {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  readonly size: number;
  closeAll(): Promise<void>;
}

export function createSessionRouter(
  newServer: () => McpServer,
  limits: { maxBodyBytes: number; maxSessions: number },
  modern: NodeMcpRequestHandler,
): SessionRouter {
  const sessions = new Map<string, NodeStreamableHTTPServerTransport>();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const id = req.headers['mcp-session-id'];
    if (typeof id === 'string') {
      const transport = sessions.get(id);
      if (!transport) return sendRpcError(res, 404, 'Session not found');
      return transport.handleRequest(req, res);
    }
    // No session: read the body once, and send a 2026-07-28 request (its _meta envelope) to the stateless handler.
    let body: unknown;
    if (req.method === 'POST') {
      const read = await readBody(req, limits.maxBodyBytes);
      if (read instanceof Error) return sendRpcError(res, 413, read.message);
      if (read.body === undefined) return sendParseError(res);
      if (!(await isLegacyRequest(read.request, read.body, { maxRequestBodySize: limits.maxBodyBytes }))) {
        return modern(req, res, read.body);
      }
      body = read.body;
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
    await transport.handleRequest(req, res, body);
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

/** The request's body as JSON (undefined when it is not JSON), or an error when it is over the limit. */
async function readBody(
  req: IncomingMessage,
  maxRequestBodySize: number,
): Promise<{ request: Request; body: unknown } | Error> {
  try {
    const request = await toWebRequest(req, undefined, { maxRequestBodySize });
    const body: unknown = await request
      .clone()
      .json()
      .catch(() => undefined);
    return { request, body };
  } catch (error) {
    if (error instanceof Error && error.name === 'RequestBodyTooLargeError') return new Error('Request body too large');
    throw error;
  }
}

function sendParseError(res: ServerResponse): void {
  sendJson(res, 400, { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error: Invalid JSON' } });
}
