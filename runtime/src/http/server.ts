// MCP's Streamable HTTP transport with the SDK's handler and Node adapter, behind the guards a server on a
// network needs. McpServers come from the caller's newServer(), built from the same SDK copy as this module:
// a server bundles its HTTP entry apart (dist/http.js) with its own tools, so objects never cross bundles
// (they would fail the SDK's instanceof).
//   /healthz, /readyz        process up / ready to serve (503 while draining); no auth, no Host check,
//                            so platform probes that use the pod IP work
//   /.well-known/oauth-...   RFC 9728 protected-resource metadata (OAuth only)
//   /.well-known/mcp/server-card.json, <mcp path>/server-card
//                            the server card (serverCard.ts): public, Host checked
//   /mcp                     Host and Origin checked (DNS rebinding), then bearer auth when configured,
//                            then the body limit, a cap on concurrent calls and a per-request deadline
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { createMcpHandler, type AuthInfo, type McpServer } from '@modelcontextprotocol/server';
import { hostHeaderValidation, originValidation, toNodeHandler } from '@modelcontextprotocol/node';
import { setRequestStateKey } from '../requestState.js';
import { log } from '../log.js';
import { withUserCredential } from '../userCredential.js';
import { createInboundAuth, type InboundAuth } from './inboundAuth.js';
import type { HttpOptions } from './options.js';
import { sendJson, sendRpcError, sendWebResponse } from './responses.js';
import {
  SERVER_CARD_WELL_KNOWN_PATH,
  buildServerCard,
  serverCardPath,
  serverCardResponder,
  type ServerCardFacts,
} from './serverCard.js';
import { createSessionRouter } from './sessions.js';

/** After the last call in flight, how long a draining server keeps answering 503 before it closes. */
const DRAIN_GRACE_MS = 1000;

export interface HttpServerHandle {
  server: http.Server;
  options: HttpOptions;
  /** Stops accepting, lets in-flight calls finish (up to drainMs), then closes everything. */
  drain(): Promise<void>;
}

/**
 * Listens on options.host:port and serves MCP with a fresh server from `newServer` per request (stateless)
 * or per session (`stateful`). With `card`, the server card is served too.
 */
export async function startHttpServer(
  newServer: () => McpServer,
  options: HttpOptions,
  card?: ServerCardFacts,
): Promise<HttpServerHandle> {
  const onerror = (error: Error) => log.error(`http: ${error.message}`);
  // Replicas behind a load balancer share the key, so any of them verifies a round another one signed.
  if (options.requestStateKey) setRequestStateKey(options.requestStateKey);
  // Set once the port is known (--port 0 picks one), before any request is served.
  let auth: InboundAuth | undefined;
  let serveCard: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  let configured = false;
  const validHost = hostHeaderValidation(options.allowedHosts);
  const validOrigin = originValidation(options.allowedOrigins);
  const handler = createMcpHandler(() => newServer(), { maxRequestBodySize: options.maxBodyBytes, onerror });
  const stateless = toNodeHandler(handler, { maxRequestBodySize: options.maxBodyBytes, onerror });
  const sessions = options.stateful ? createSessionRouter(newServer, options, stateless) : undefined;
  const mcpPath = options.publicUrl.pathname.replace(/\/+$/, '') || '/mcp';
  let inFlight = 0;
  let draining = false;
  const idleWaiters: Array<() => void> = [];

  /** A POST is one call: counted against the cap and bounded by the deadline. GET streams are not. */
  function track(res: ServerResponse): boolean {
    if (inFlight >= options.maxConcurrent) {
      sendRpcError(res, 503, 'Server busy, retry shortly', { 'retry-after': '1' });
      return false;
    }
    inFlight++;
    const deadline = setTimeout(() => {
      log.warn(`request exceeded ${options.requestTimeoutMs} ms`);
      if (res.headersSent) res.destroy();
      else sendRpcError(res, 504, 'Request deadline exceeded', { connection: 'close' });
    }, options.requestTimeoutMs);
    res.once('close', () => {
      clearTimeout(deadline);
      inFlight--;
      if (inFlight === 0) for (const wake of idleWaiters.splice(0)) wake();
    });
    return true;
  }

  async function serveMcp(req: IncomingMessage & { auth?: AuthInfo }, res: ServerResponse): Promise<void> {
    if (!validHost(req, res) || !validOrigin(req, res)) return;
    if (draining) return sendRpcError(res, 503, 'Server shutting down', { connection: 'close', 'retry-after': '1' });
    if (auth) {
      const result = await auth.check(req.headers.authorization);
      if (result instanceof Response) return sendWebResponse(res, result);
      req.auth = result;
    }
    if (req.method === 'POST' && !track(res)) return;
    const forward = () => (sessions ? sessions.handle(req, res) : stateless(req, res));
    const header = options.userCredentialHeader;
    if (!header) return forward();
    // Per-user mode: this request's upstream calls send its own credential (never logged, never kept).
    const value = req.headers[header];
    const credential = typeof value === 'string' && value.trim() ? value.trim() : undefined;
    return withUserCredential({ credential, source: `the ${header} header` }, forward);
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (!configured) return sendRpcError(res, 503, 'Starting', { 'retry-after': '1' });
    res.once('finish', () => log.debug(`${req.method} ${path} ${res.statusCode} ${Date.now() - started}ms`));
    if (path === '/healthz') return sendJson(res, 200, { status: 'ok' });
    if (path === '/readyz') return sendJson(res, draining ? 503 : 200, { status: draining ? 'draining' : 'ready' });
    if (auth?.metadata && path === auth.metadata.path) {
      if (!validHost(req, res)) return;
      return sendJson(res, 200, auth.metadata.document, { 'access-control-allow-origin': '*' });
    }
    if (serveCard && (path === SERVER_CARD_WELL_KNOWN_PATH || path === serverCardPath(mcpPath))) {
      return serveCard(req, res);
    }
    if (path !== mcpPath) return sendJson(res, 404, { error: 'not found' });
    return serveMcp(req, res);
  }

  const server = http.createServer((req, res) => {
    route(req, res).catch((error: Error) => {
      onerror(error);
      if (!res.headersSent) sendRpcError(res, 500, 'Internal error');
      else res.destroy();
    });
  });
  // Slow or stalled uploads are cut off too, not only slow handlers.
  server.requestTimeout = options.requestTimeoutMs;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  if (options.publicUrl.port === '0' && typeof address === 'object' && address) {
    options.publicUrl.port = String(address.port);
  }
  auth = createInboundAuth(options);
  if (card) {
    const respond = serverCardResponder(buildServerCard(card, options.publicUrl));
    serveCard = (req, res) => {
      if (validHost(req, res)) respond(req, res);
    };
  }
  configured = true;

  /**
   * The listener stays open while draining: /readyz answers 503 so a load balancer takes this
   * replica out, and a new request gets 503 + Connection: close, which it can safely send elsewhere.
   * Closing the listener (Node also closes idle keep-alive sockets then) would instead reset a
   * socket the balancer is just reusing, failing a request no server saw. So: let the calls in
   * flight finish (up to drainMs), give the balancer a moment to notice, then close everything.
   */
  async function drain(): Promise<void> {
    if (draining) return;
    draining = true;
    const deadline = new Promise<void>((resolve) => setTimeout(resolve, options.drainMs).unref());
    if (inFlight > 0) {
      log.info(`draining ${inFlight} request(s)`);
      await Promise.race([new Promise<void>((resolve) => idleWaiters.push(resolve)), deadline]);
    }
    await Promise.race([new Promise((resolve) => setTimeout(resolve, DRAIN_GRACE_MS).unref()), deadline]);
    await sessions?.closeAll();
    await handler.close();
    server.close();
    server.closeAllConnections();
  }

  return { server, options, drain };
}
