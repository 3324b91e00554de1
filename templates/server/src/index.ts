#!/usr/bin/env node
// Entry point: an MCP server on stdio, or on Streamable HTTP with --http (src/http/, a bundle of
// its own, dist/http.js, loaded only then). The stdout guard must stay the first import.
import '@mcp-factory/runtime/stdout-guard';
import { ExactStdioTransport } from '@mcp-factory/runtime/stdio';
import { startTracing, stopTracing } from '@mcp-factory/runtime/tracing';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { missingCredentials } from './auth.js';
import { createUpstream } from './client.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createExtras } from './extras.js';
import { httpRequested } from './http/mode.js';
import { log } from './log.js';
import { SERVER_NAME, SERVER_VERSION } from './meta.js';
import { createServer } from './server.js';

function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    log.error(error.message);
    process.exit(1);
  }
}

if (httpRequested()) void import('./http/main.js').then((http) => http.serveHttp());
// Traces only when OTEL_* variables ask (README "Traces"); otherwise this loads nothing of OpenTelemetry.
else void startTracing({ name: SERVER_NAME, version: SERVER_VERSION }).then(serveOnStdio);

function serveOnStdio(): void {
  const config = configOrExit();
  const missing = missingCredentials(config.auth);
  if (missing.length > 0) {
    log.warn(`${missing.join(' and ')} not set: tools are listed, but calling one returns an error until set`);
  }
  // What generators wired in (src/extras.ts: persistence's recorder and history, for example).
  const extras = createExtras();
  const upstream = createUpstream(config, fetch, extras.observeUpstream);
  // Our transport answers malformed input with exact JSON-RPC errors and bounds the work in flight.
  const transport = new ExactStdioTransport(process.stdin, process.stdout, config.stdio);
  const handle = serveStdio(() => createServer(config, upstream, extras), {
    transport,
    onerror: (error) => log.error(`transport: ${error.message}`),
  });

  let stopping = false;
  /** Exit 0 promptly once every answer is written, or when asked to stop. Keep-alive sockets must not hold us. */
  async function shutdown(reason: string): Promise<void> {
    if (stopping) return;
    stopping = true;
    log.debug(`shutting down: ${reason}`);
    setTimeout(() => process.exit(0), 1500).unref();
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
      config.timeouts.deadlineMs + 5000,
    ).unref();
  });
  // SIGTERM and SIGINT stop at once: requests in flight are aborted, not answered.
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}
