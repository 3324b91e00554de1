// The one place the upstream client asks whether calls are recorded or replayed (`<PREFIX>_RECORD`,
// `<PREFIX>_REPLAY`). This module loads nothing: with both variables unset (the default) an upstream attempt
// pays one `undefined` check; mode.ts sets the tap only when a variable asks for it.
import type { HttpMethod, UpstreamExchange } from '../upstream.js';

/** The header names and query parameters an attempt's credentials set (found by comparing before and after). */
export interface AuthFields {
  headers: string[];
  query: string[];
  /** The values they hold: redacted wherever they appear in a recording. */
  values: string[];
}

/** One upstream attempt as the tap sees it: the exchange, the headers sent and received, what was credentials. */
export interface TappedExchange extends UpstreamExchange {
  baseUrl: string;
  requestHeaders: Record<string, string>;
  responseHeaders?: Headers;
  auth: AuthFields;
}

/** What the upstream client gives a replayed attempt: the request as it would be sent. */
export interface TappedRequest {
  method: HttpMethod;
  url: URL;
  baseUrl: string;
  headers: Record<string, string>;
  body: unknown;
}

export interface UpstreamTap {
  /** Replay mode: no credential is needed or applied, and `replay` answers instead of the network. */
  readonly replaying: boolean;
  /** Record mode: every attempt of a call, as sent and received. */
  exchange(exchange: TappedExchange): void;
  /** Replay mode: the recorded answer to this request, or an error naming the closest recorded one. */
  replay(request: TappedRequest): Response;
}

let active: UpstreamTap | undefined;

/** The tap, or undefined when neither recording nor replaying. */
export function activeTap(): UpstreamTap | undefined {
  return active;
}

export function setActiveTap(tap: UpstreamTap | undefined): void {
  active = tap;
}

/** The headers and query parameters `apply` (an auth scheme) adds or changes, and their values. */
export async function authFieldsOf(
  url: URL,
  headers: Record<string, string>,
  apply: () => void | Promise<void>,
): Promise<AuthFields> {
  const headersBefore = { ...headers };
  const queryBefore = url.search;
  await apply();
  const changedHeaders = Object.keys(headers).filter((name) => headers[name] !== headersBefore[name]);
  const before = new URLSearchParams(queryBefore);
  const changedQuery = [...new Set(url.searchParams.keys())].filter(
    (name) => url.searchParams.getAll(name).join('\n') !== before.getAll(name).join('\n'),
  );
  const values = [
    ...changedHeaders.map((name) => headers[name]),
    ...changedQuery.flatMap((name) => url.searchParams.getAll(name)),
  ];
  return { headers: changedHeaders.map((name) => name.toLowerCase()), query: changedQuery, values };
}
