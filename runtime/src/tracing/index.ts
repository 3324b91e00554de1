// Tracing: off unless the standard OTEL_* variables ask for it (see active.ts's tracingRequested). A server's
// start awaits `startTracing` before it serves and `stopTracing` before it exits (spans still buffered are
// exported). With tracing off neither loads anything of OpenTelemetry: the SDK is imported only here, on demand.
import { log } from '../log.js';
import { activeTracer, setActiveTracer, tracingRequested, type TracedService } from './active.js';

export { activeTracer, tracingRequested } from './active.js';
export type { AttemptInfo, AttemptSpan, CallInfo, CallTracer, TracedService } from './active.js';

export async function startTracing(
  service: TracedService,
  env: Record<string, string | undefined> = process.env,
): Promise<void> {
  if (activeTracer() || !tracingRequested(env)) return;
  if ((env.OTEL_TRACES_EXPORTER ?? '').toLowerCase().includes('console')) {
    // stdout is the protocol's on a stdio server: a console exporter would corrupt it.
    log.warn('OTEL_TRACES_EXPORTER=console is not supported (stdout carries the protocol): exporting over OTLP');
  }
  try {
    const { createOtelTracer } = await import('./otel.js');
    setActiveTracer(createOtelTracer(service));
  } catch (error) {
    // Tracing must never keep a server from serving: one line, and the server runs untraced.
    log.warn(`tracing not started: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Exports the spans still buffered (bounded by OTEL_EXPORTER_OTLP_TIMEOUT) and stops tracing. */
export async function stopTracing(): Promise<void> {
  const tracer = activeTracer();
  setActiveTracer(undefined);
  await tracer?.shutdown();
}
