// The one place the upstream client, defineResource and definePrompt ask whether calls are recorded or replayed
// (`<PREFIX>_RECORD`, `<PREFIX>_REPLAY`). This module loads nothing: with both variables unset (the default) an
// upstream attempt, a resource read and a prompt get each pay one `undefined` check; mode.ts sets the tap and the
// primitive recorder only when a variable asks for it.
import type { GetPromptResult, InputRequiredResult, ReadResourceResult } from '@modelcontextprotocol/server';
import type { HttpMethod, UpstreamExchange } from '../exchange.js';

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
let activePrimitives: PrimitiveRecorder | undefined;

/** A resource read (`input`: its URI) or a prompt get (`input`: its arguments). */
export interface PrimitiveCall {
  name: string;
  input: Record<string, string>;
  signal?: AbortSignal;
}

/**
 * The recorder hook of resource reads and prompt gets (defineTool's is the extras' `recorder`, which persistence
 * shares; prompts are registered without deps, so this one is set here, like the tap). `run` answers the call;
 * in a replay its upstream requests are answered from the recording. A failure is recorded as the error it threw.
 */
export interface PrimitiveRecorder {
  read(
    call: PrimitiveCall & { input: { uri: string } },
    run: () => Promise<ReadResourceResult>,
  ): Promise<ReadResourceResult>;
  /** A round that asks the client (input required) is returned as it is, unrecorded: only complete gets are kept. */
  get(
    call: PrimitiveCall,
    run: () => Promise<GetPromptResult | InputRequiredResult>,
  ): Promise<GetPromptResult | InputRequiredResult>;
}

/** The hook, or undefined when neither recording nor replaying. */
export function activePrimitiveRecorder(): PrimitiveRecorder | undefined {
  return activePrimitives;
}

export function setActivePrimitiveRecorder(recorder: PrimitiveRecorder | undefined): void {
  activePrimitives = recorder;
}

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
