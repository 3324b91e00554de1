// The `--http` process: reads HTTP mode's settings, sets the server up once (its config, upstream and
// extras: the server's own code, given as `setup`), listens, and drains on SIGTERM/SIGINT. A bad setting
// ends the start with one line on stderr and exit 1, never a stack trace.
import type { McpServer } from '@modelcontextprotocol/server';
import { ConfigError } from '../config.js';
import { log } from '../log.js';
import { startTracing, stopTracing } from '../tracing/index.js';
import { HttpOptionsError, loadHttpOptions } from './options.js';
import type { ServerCardFacts } from './serverCard.js';
import { startHttpServer, type HttpServerHandle } from './server.js';

/** What a server's setup hands the HTTP layer. */
export interface HttpServerSetup {
  /** A fresh McpServer with every tool, resource and prompt: one per request (stateless) or per session. */
  newServer(): McpServer;
  /** The credential variables not set: tools are listed, but calling one returns an error until they are. */
  missingCredentials?: readonly string[];
  /** Awaited after the drain, before exit (e.g. records still queued reach the disk). */
  close?(): Promise<void>;
}

export interface HttpApp {
  /** The server's variable prefix: `<PREFIX>_HTTP_*`, as its config names its other variables. */
  envPrefix: string;
  /** The facts of the server card (a server passes its server.json: only the card's fields are read). */
  card: ServerCardFacts;
  /** Runs once, after the HTTP settings are read; a ConfigError it throws ends the start with one line. */
  setup(): HttpServerSetup;
}

/** Bad settings end the start with one line on stderr and exit 1. */
function orExit<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (!(error instanceof ConfigError || error instanceof HttpOptionsError)) throw error;
    log.error(error.message);
    process.exit(1);
  }
}

/** Serves `app` over Streamable HTTP until SIGTERM or SIGINT, with flags and variables from this process. */
export async function serveHttp(app: HttpApp): Promise<HttpServerHandle> {
  const options = orExit(() => loadHttpOptions(app.envPrefix));
  const setup = orExit(() => app.setup());
  const missing = setup.missingCredentials ?? [];
  if (missing.length > 0) {
    log.warn(`${missing.join(' and ')} not set: tools are listed, but calling one returns an error until set`);
  }
  // Traces only when OTEL_* variables ask (the runtime's tracing module loads OpenTelemetry only then).
  await startTracing({ name: app.card.name, version: app.card.version });
  const handle = await startHttpServer(() => setup.newServer(), options, app.card).catch((error: Error) => {
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
      .then(() => setup.close?.())
      .then(() => stopTracing())
      .finally(() => {
        log.info('stopped');
        process.exit(0);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  return handle;
}
