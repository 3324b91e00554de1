// `@mcp-factory/runtime/main`: what a generated server's src/index.ts calls. The server gives its definition
// (name, config, upstream, tools, resources, prompts, what generators wired in) and this module does the rest:
// the stdout guard first, the log named after the server, HTTP mode or the exact stdio transport, tracing,
// the drain when stdin closes, and the signals. A stdio start loads neither the HTTP code nor OpenTelemetry:
// both are dynamic imports that the runtime's build (bin/build.mjs) keeps out of a server's stdio bundle.
import './stdoutGuard.js';
import './zodJitless.js'; // before the SDK builds its schemas
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { ConfigError } from './config.js';
import { httpRequested } from './http/mode.js';
import type { ServerCardFacts } from './http/serverCard.js';
import { configureLog, log } from './log.js';
import { createServer, type ServerDefinition, type ServerExtras } from './serverDefinition.js';
import { withRecordReplay } from './record/mode.js';
import { startTracing, stopTracing } from './tracing/index.js';
import { ExactStdioTransport } from './transport/exactStdio.js';

export { createServer, defineServer, type ServerDefinition, type ServerExtras } from './serverDefinition.js';

/** How long the exit waits for answers after a signal or a closed stdin before it exits anyway. */
const EXIT_GRACE_MS = 1500;
/** After stdin closed, requests still unanswered this long past the upstream deadline are given up. */
const STDIN_DRAIN_MARGIN_MS = 5000;

/**
 * Set in the one run the build (mcp-factory-build) makes of the built server to write V8's code cache
 * (bin/codeCacheLoader.cjs): that run answers initialize and tools/list only.
 */
const WARM_UP_VARIABLE = 'MCP_FACTORY_WRITE_CODE_CACHE';

/**
 * What generators wired in, recording or replaying every call when `<PREFIX>_RECORD` or `_REPLAY` asks. None in the
 * build's warm-up run: building a server must not open its store or connect to its database.
 */
function extrasOf(server: ServerDefinition): ServerExtras {
  if (process.env[WARM_UP_VARIABLE] !== undefined) return {};
  return withRecordReplay(server.extras?.() ?? {}, server.envPrefix);
}

/** The config, or one `[ERROR]` line on stderr and exit 1 for a bad variable. */
function configOrExit<C>(load: () => C): C {
  try {
    return load();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    log.error(error.message);
    process.exit(1);
  }
}

/**
 * Serves `server` on stdio, or on Streamable HTTP when started with `--http` (or `<PREFIX>_TRANSPORT=http`),
 * until stdin closes or a signal arrives. `card` (the server's server.json) is read only in HTTP mode.
 */
export function serve(server: ServerDefinition, card?: ServerCardFacts): void {
  configureLog({ name: server.name, level: process.env[`${server.envPrefix}_LOG_LEVEL`] });
  if (httpRequested(server.envPrefix)) void serveOnHttp(server, card);
  // Traces only when OTEL_* variables ask; otherwise this loads nothing of OpenTelemetry.
  else void startTracing({ name: server.name, version: server.version }).then(() => serveOnStdio(server));
}

async function serveOnHttp(server: ServerDefinition, card: ServerCardFacts | undefined): Promise<void> {
  // Loaded only now: a stdio start never reads the HTTP code or its dependencies. In a server's build this is
  // dist/http.js, the same server bundled with the HTTP code, which serves itself when loaded (mcp-factory-build).
  const http: Partial<typeof import('./http/index.js')> = await import('./http/index.js');
  if (!http.serveHttp) return;
  await http.serveHttp({
    envPrefix: server.envPrefix,
    card: card ?? { name: server.name, version: server.version, description: server.name },
    setup() {
      const config = server.loadConfig();
      const extras = extrasOf(server);
      const upstream = server.createUpstream(config, fetch, extras.observeUpstream);
      return {
        newServer: () => createServer(server, config, upstream, extras),
        missingCredentials: server.missingCredentials(config),
        close: extras.close,
      };
    },
  });
}

function serveOnStdio(server: ServerDefinition): void {
  const config = configOrExit(() => server.loadConfig());
  const missing = server.missingCredentials(config);
  if (missing.length > 0) {
    log.warn(`${missing.join(' and ')} not set: tools are listed, but calling one returns an error until set`);
  }
  const extras = extrasOf(server);
  const upstream = server.createUpstream(config, fetch, extras.observeUpstream);
  // Our transport answers malformed input with exact JSON-RPC errors and bounds the work in flight.
  const transport = new ExactStdioTransport(process.stdin, process.stdout, config.stdio);
  const handle = serveStdio(() => createServer(server, config, upstream, extras), {
    transport,
    onerror: (error) => log.error(`transport: ${error.message}`),
  });

  let stopping = false;
  /** Exit 0 promptly once every answer is written, or when asked to stop. Keep-alive sockets must not hold us. */
  async function shutdown(reason: string): Promise<void> {
    if (stopping) return;
    stopping = true;
    log.debug(`shutting down: ${reason}`);
    setTimeout(() => process.exit(0), EXIT_GRACE_MS).unref();
    try {
      await handle.close();
      await extras.close?.(); // e.g. records still queued reach the disk
      await stopTracing(); // spans still buffered reach the collector
      await new Promise<void>((resolve) => process.stdout.write('', () => resolve())); // answers written reach the pipe
    } finally {
      process.exit(0);
    }
  }

  // stdin closed: the transport still answers every request it read (a script may send its last call and close
  // stdin at once), each bounded by its own deadline; then we exit 0. A call that waits for the client (which can
  // no longer answer) is cut off a little after the upstream deadline.
  void transport.finished.then(() =>
    shutdown('transport closed (stdin ended and every request was answered, or stdout failed)'),
  );
  process.stdin.once('end', () => {
    if (transport.inFlight > 0) log.debug(`stdin closed: answering ${transport.inFlight} request(s) in flight first`);
    setTimeout(
      () => void shutdown('stdin closed, requests still unanswered'),
      config.timeouts.deadlineMs + STDIN_DRAIN_MARGIN_MS,
    ).unref();
  });
  // SIGTERM and SIGINT stop at once: requests in flight are aborted, not answered.
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}
