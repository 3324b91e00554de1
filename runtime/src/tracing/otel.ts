// The tracer behind active.ts's interface, built from the official OpenTelemetry packages. Loaded only when
// tracing is on (index.ts imports this module on demand). Spans follow the MCP semantic conventions
// (`{mcp.method.name} {target}`, a SERVER span per call) and the HTTP client ones for each upstream attempt
// (a CLIENT span, `{method} {url.template}`). Attributes carry names, ids, statuses and sizes: never an
// argument value, a header, a URL's query or a body, so no credential or sensitive input can reach a trace.
import {
  context,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
  type TextMapGetter,
} from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { AttemptInfo, CallInfo, CallTracer, TracedService } from './active.js';

const TRACER_NAME = '@mcp-factory/runtime';

const headersGetter: TextMapGetter<Headers> = {
  get: (headers, key) => headers.get(key) ?? undefined,
  keys: (headers) => [...headers.keys()],
};

/** The caller's trace: `_meta.traceparent` (2026-07-28) first, then the HTTP request's headers, else the current one. */
function parentOf(info: CallInfo): Context {
  const active = context.active();
  const { meta } = info;
  if (meta && 'traceparent' in meta && typeof meta.traceparent === 'string') return propagation.extract(active, meta);
  if (info.headers?.has('traceparent')) return propagation.extract(active, info.headers, headersGetter);
  return active;
}

function callAttributes(info: CallInfo): Attributes {
  const attributes: Attributes = {
    'mcp.method.name': info.method,
    'network.transport': info.transport,
  };
  if (info.requestId !== undefined) attributes['jsonrpc.request.id'] = String(info.requestId);
  if (info.sessionId) attributes['mcp.session.id'] = info.sessionId;
  if (info.method === 'tools/call') {
    attributes['gen_ai.tool.name'] = info.target;
    attributes['gen_ai.operation.name'] = 'execute_tool';
  }
  if (info.method === 'prompts/get') attributes['gen_ai.prompt.name'] = info.target;
  if (info.resourceUri) attributes['mcp.resource.uri'] = info.resourceUri;
  return attributes;
}

/** A thrown error's type: our upstream errors' kind (`timeout`, `circuit_open`, …), else its class name. */
function errorType(error: unknown): string {
  const kind = typeof error === 'object' && error !== null && 'kind' in error ? error.kind : undefined;
  if (typeof kind === 'string') return kind;
  return error instanceof Error ? error.name : typeof error;
}

/** A failed call or attempt: its `error.type` and the ERROR status. */
function markFailed(span: Span, type: string): void {
  span.setAttribute('error.type', type);
  span.setStatus({ code: SpanStatusCode.ERROR });
}

export function createOtelTracer(service: TracedService): CallTracer {
  const resource = resourceFromAttributes({ 'service.name': service.name, 'service.version': service.version }).merge(
    detectResources({ detectors: [envDetector] }), // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES win
  );
  // The exporter reads OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT, _HEADERS and _TIMEOUT; the batch processor
  // OTEL_BSP_*; the sampler OTEL_TRACES_SAMPLER(_ARG).
  const provider = new NodeTracerProvider({
    resource,
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  // Global, so a tool's own code can add spans with @opentelemetry/api and they join the call's trace.
  provider.register();
  const tracer = provider.getTracer(TRACER_NAME, service.version);

  return {
    async call(info, run, failed) {
      const parent = parentOf(info);
      const span = tracer.startSpan(
        `${info.method} ${info.target}`,
        { kind: SpanKind.SERVER, attributes: callAttributes(info) },
        parent,
      );
      try {
        const result = await context.with(trace.setSpan(parent, span), run);
        const type = failed?.(result);
        if (type) markFailed(span, type);
        return result;
      } catch (error) {
        markFailed(span, errorType(error));
        throw error;
      } finally {
        span.end();
      }
    },

    async attempt(info: AttemptInfo, run) {
      const attributes: Attributes = {
        'http.request.method': info.method,
        'server.address': info.host,
        'mcp_factory.breaker.state': info.breaker,
      };
      if (info.route) attributes['url.template'] = info.route;
      if (info.port !== undefined) attributes['server.port'] = info.port;
      if (info.resendCount > 0) attributes['http.request.resend_count'] = info.resendCount;
      const span = tracer.startSpan(info.route ? `${info.method} ${info.route}` : info.method, {
        kind: SpanKind.CLIENT,
        attributes,
      });
      const spanContext = trace.setSpan(context.active(), span);
      try {
        return await context.with(spanContext, () =>
          run({
            inject: (headers) => propagation.inject(spanContext, headers),
            response(status, bodyBytes) {
              span.setAttribute('http.response.status_code', status);
              span.setAttribute('http.response.body.size', bodyBytes);
              if (status >= 400) {
                // The status code, until the client's error kind (`server`, `not_found`, …) replaces it below.
                markFailed(span, String(status));
              }
            },
          }),
        );
      } catch (error) {
        markFailed(span, errorType(error));
        throw error;
      } finally {
        span.end();
      }
    },

    async flush() {
      await provider.forceFlush();
    },

    async shutdown() {
      await provider.shutdown();
    },
  };
}
