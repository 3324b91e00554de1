// The one place the call path asks whether it is traced. This module loads nothing of OpenTelemetry: with
// tracing off (the default) a call pays one `undefined` check; `startTracing` (./index.ts) sets the tracer
// only when the standard OTEL_* variables ask for traces.

/** The traced server, as its spans' resource names it. */
export interface TracedService {
  /** `service.name` unless OTEL_SERVICE_NAME (or OTEL_RESOURCE_ATTRIBUTES) says otherwise. */
  name: string;
  version: string;
}

/** What a span of a tool, resource or prompt call says (MCP semantic conventions: `{method} {target}`). */
export interface CallInfo {
  method: 'tools/call' | 'resources/read' | 'prompts/get';
  /** The tool or prompt name (low cardinality, part of the span name); a resource's registered name. */
  target: string;
  requestId?: string | number;
  sessionId?: string;
  /** The resource URI read (`mcp.resource.uri`). */
  resourceUri?: string;
  /** The request's `_meta`: its `traceparent`/`tracestate`/`baggage` (2026-07-28) continue the caller's trace. */
  meta?: object;
  /** The inbound HTTP request's headers (HTTP mode), read when `_meta` carries no trace context. */
  headers?: Headers;
  transport: 'pipe' | 'tcp';
}

/** One upstream attempt, as its span records it: nothing of the URL's query, the headers or the bodies. */
export interface AttemptInfo {
  method: string;
  /** The path template (`/items/{id}`); absent when the caller gave none (the path may hold an argument's value). */
  route?: string;
  host: string;
  port?: number;
  /** 0 for the first attempt, then 1, 2, … (`http.request.resend_count`). */
  resendCount: number;
  /** The circuit breaker's state when the attempt started. */
  breaker: string;
}

/** What an attempt reports while it runs. */
export interface AttemptSpan {
  /** Adds the trace context (`traceparent`, `tracestate`) to the upstream request's headers. */
  inject(headers: Record<string, string>): void;
  response(status: number, bodyBytes: number): void;
}

export interface CallTracer {
  /** Runs a call in its span; `failed` names the error type of a result that is an error (`tool_error`). */
  call<T>(info: CallInfo, run: () => Promise<T>, failed?: (result: T) => string | undefined): Promise<T>;
  /** Runs one upstream attempt in a child span of the current call. */
  attempt<T>(info: AttemptInfo, run: (span: AttemptSpan) => Promise<T>): Promise<T>;
  /** Exports every span ended so far. */
  flush(): Promise<void>;
  /** Exports what is buffered and stops. */
  shutdown(): Promise<void>;
}

let active: CallTracer | undefined;

/** The tracer, or undefined when tracing is off. */
export function activeTracer(): CallTracer | undefined {
  return active;
}

export function setActiveTracer(tracer: CallTracer | undefined): void {
  active = tracer;
}

type Env = Record<string, string | undefined>;

/**
 * Whether the standard OpenTelemetry variables ask for traces: an OTLP endpoint
 * (`OTEL_EXPORTER_OTLP_ENDPOINT` or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) or `OTEL_TRACES_EXPORTER=otlp`;
 * `OTEL_SDK_DISABLED=true` or `OTEL_TRACES_EXPORTER=none` turn it off.
 */
export function tracingRequested(env: Env = process.env): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  if (exporters.includes('none')) return false;
  if (exporters.includes('otlp')) return true;
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim());
}

/** The part of the SDK's request context a call's span reads. */
interface RequestContext {
  sessionId?: string;
  mcpReq: { id?: string | number; _meta?: object };
  http?: { req?: { headers: Headers } };
}

/** A call's span facts from the SDK's request context. */
export function callInfoOf(
  method: CallInfo['method'],
  target: string,
  ctx: RequestContext,
  resourceUri?: string,
): CallInfo {
  return {
    method,
    target,
    resourceUri,
    requestId: ctx.mcpReq.id,
    sessionId: ctx.sessionId,
    meta: ctx.mcpReq._meta,
    headers: ctx.http?.req?.headers,
    transport: ctx.http ? 'tcp' : 'pipe',
  };
}
