// The words the upstream client and its observers (persistence, recording, tracing) share: an HTTP method and
// one exchange with the upstream. A module of types alone, so that an observer does not import the client.

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One request to the upstream and what came back (or why nothing did), as an observer sees it. */
export interface UpstreamExchange {
  method: HttpMethod;
  /** The URL as sent: observers must redact it (the query scheme's key travels in it). */
  url: string;
  requestBody?: unknown;
  status?: number;
  responseBody?: string;
  error?: string;
  durationMs: number;
}
