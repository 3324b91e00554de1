// HTTP mode (`npm start -- --http`): MCP's Streamable HTTP transport with the SDK's handler and Node
// adapter, behind the guards a server on a network needs. index.ts loads it only in HTTP mode, and
// scripts/build.mjs bundles it apart (dist/http.js) so a stdio start never reads it. It builds its
// own config, upstream and servers: objects from the other bundle would fail the SDK's instanceof.
//   /healthz, /readyz     process up / ready to serve (503 while draining); no auth, no Host check,
//                         so platform probes that use the pod IP work
//   /.well-known/...      RFC 9728 protected-resource metadata (OAuth only)
//   /mcp                  Host and Origin checked (DNS rebinding), then bearer auth when configured,
//                         then the body limit, a cap on concurrent calls and a per-request deadline
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { createMcpHandler, type AuthInfo, type McpServer } from '@modelcontextprotocol/server';
import { hostHeaderValidation, originValidation, toNodeHandler } from '@modelcontextprotocol/node';
import { missingCredentials } from '../auth.js';
import { createUpstream } from '../client.js';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { log } from '../log.js';
import { createExtras } from '../extras.js';
import { setRequestStateKey } from '@mcp-factory/runtime/input-required';
import { createServer } from '../server.js';
import { createInboundAuth, type InboundAuth } from './inboundAuth.js';
import { HttpOptionsError, loadHttpOptions, type HttpOptions } from './options.js';
import { sendJson, sendRpcError, sendWebResponse } from './responses.js';
import { createSessionRouter } from './sessions.js';

/** After the last call in flight, how long a draining server keeps answering 503 before it closes. */
const DRAIN_GRACE_MS = 1000;

export interface HttpServerHandle {
  server: http.Server;
  options: HttpOptions;
  /** Stops accepting, lets in-flight calls finish (up to drainMs), then closes everything. */
  drain(): Promise<void>;
}

/** Bad settings end the start with one line on stderr and exit 1, never a stack trace. */
function orExit<T>(load: () => T, expected: new (...args: never[]) => Error): T {
  try {
    return load();
  } catch (error) {
    if (!(error instanceof expected)) throw error;
    log.error(error.message);
    process.exit(1);
  }
}

export async function startHttpServer(newServer: () => McpServer, options: HttpOptions): Promise<HttpServerHandle> {
  const onerror = (error: Error) => log.error(`http: ${error.message}`);
  // Replicas behind a load balancer share the key, so any of them verifies a round another one signed.
  if (options.requestStateKey) setRequestStateKey(options.requestStateKey);
  // Set once the port is known (--port 0 picks one), before any request is served.
  let auth: InboundAuth | undefined;
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
    if (sessions) await sessions.handle(req, res);
    else await stateless(req, res);
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

/** The entry for `--http`: config, options from flags and environment, then serve until SIGTERM/SIGINT. */
export async function serveHttp(): Promise<void> {
  const config: Config = orExit(() => loadConfig(), ConfigError);
  const options = orExit(() => loadHttpOptions(), HttpOptionsError);
  const missing = missingCredentials(config.auth);
  if (missing.length > 0) {
    log.warn(`${missing.join(' and ')} not set: tools are listed, but calling one returns an error until set`);
  }
  // What generators wired in (src/extras.ts: persistence, for example), shared with stdio mode.
  const extras = createExtras();
  const upstream = createUpstream(config, fetch, extras.observeUpstream);
  const newServer = () => createServer(config, upstream, extras);
  const handle = await startHttpServer(newServer, options).catch((error: Error) => {
    log.error(`cannot listen on ${options.host}:${options.port}: ${error.message}`);
    process.exit(1);
  });
  const address = handle.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const authMode =
    [options.tokens.length > 0 && 'tokens', options.jwt && 'oauth'].filter(Boolean).join('+') || 'none (loopback only)';
  log.info(
    `listening on ${options.host}:${port}${options.publicUrl.pathname} (${options.stateful ? 'stateful' : 'stateless'}, auth: ${authMode})`,
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: stopping`);
    setTimeout(() => process.exit(0), options.drainMs + 2000).unref();
    void handle
      .drain()
      .then(() => extras.close?.()) // e.g. records still queued reach the disk
      .finally(() => {
        log.info('stopped');
        process.exit(0);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}
