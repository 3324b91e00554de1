// Multi-round-trip calls (protocol revision 2026-07-28): a tool or prompt that needs something only
// the client can give (a form answer, a model's reply, the client's roots) returns `round.ask(...)`;
// the client answers by sending the same request again with its answers and the state the round
// carried, and the call resumes from that state. The SDK does the protocol: `inputRequired.elicit`,
// `.createMessage`, `.listRoots` build the requests, `acceptedContent` / `inputResponse` read the
// answers, the request's declared client capabilities are checked (-32021), and toward a 2025-era
// client (stdio, `--stateful` HTTP) it asks the client itself and calls the handler again.
//
// The state goes through the client, so it is signed here (the SDK's HMAC-SHA256 codec, WebCrypto;
// ten minutes to live, bound to the caller's identity and to the tool or prompt that minted it):
// a changed, expired or another caller's state is refused with -32602 before any handler runs, and
// one minted by another tool or prompt before its own code runs (a tool's refusal is an error
// result): requestState.ts, the server's side, which the server's start loads.
//
// This module is what a call needs without a client behind it (a unit test's `tool.call`, a call
// recorder): it loads no SDK code. The SDK's entry is ~900 KB of JavaScript that every test file of a
// generated server would otherwise evaluate again (jest isolates each file's modules). Not through a
// dynamic import() either: in the server's CommonJS bundle that makes esbuild wrap zod for lazy
// initialisation, and the bundle then fails at start (zodJitless.ts configures zod before its init). A
// tool registered on a server reads its rounds through requestState.ts, which a server loads
// (createServer) and which hands its `roundOf` to this module as it loads.
import type {
  CallToolResult,
  ClientCapabilities,
  InputRequests,
  InputRequiredResult,
  JSONValue,
  ServerContext,
} from '@modelcontextprotocol/server';

/** The kinds of request a round can put to the client, named as the client declares them. */
export type InputKind = 'elicitation' | 'sampling' | 'roots';

/** One round of a call that may ask the client for input. */
export interface InputRound {
  /** The client's answers to the previous round's requests, keyed as asked. Untrusted: read them with the SDK's `acceptedContent(responses, key, schema)`. */
  readonly responses: Record<string, unknown> | undefined;
  /** What the previous round of this call passed to `ask` (signature checked), or undefined on the first round. */
  state<T extends JSONValue>(): T | undefined;
  /** Whether the client declared it can answer this kind of request. */
  can(kind: InputKind): boolean;
  /** Ends the round: asks the client `requests`, carrying `state` (signed) into the next round. */
  ask(requests: InputRequests, state?: JSONValue): Promise<InputRequiredResult>;
}

/**
 * The SDK's `isInputRequiredResult`, written out: the SDK exports it only from its main entry, which a
 * tool's unit test would otherwise load for this one check. test/inputRequired.test.ts checks that the
 * two agree on every kind of value.
 */
export const isInputRequired = (value: unknown): value is InputRequiredResult =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  'resultType' in value &&
  value.resultType === 'input_required';

/**
 * The SDK's `inputRequired({ inputRequests, requestState })`, written out for the same reason: the result a
 * round's `ask` returns, with the SDK's rule that it carries at least one request or a state.
 */
export function asked(inputRequests: InputRequests, requestState?: string): InputRequiredResult {
  if (Object.keys(inputRequests).length === 0 && requestState === undefined)
    throw new TypeError('an input-required result needs at least one input request or a request state');
  return { resultType: 'input_required', inputRequests, ...(requestState === undefined ? {} : { requestState }) };
}

/** How a server reads the round of a request (requestState.ts). */
export type RoundOf = (ctx: ServerContext, declared: () => ClientCapabilities | undefined, on: string) => InputRound;

let serverRoundOf: RoundOf | undefined;

/** Called by requestState.ts as it loads: from then on, registered tools read their rounds through it. */
export function provideRoundOf(roundOf: RoundOf): void {
  serverRoundOf = roundOf;
}

/** The round of a request a registered tool serves (requestState.ts's `roundOf`, which every server loads). */
export function serverRound(
  ctx: ServerContext,
  declared: () => ClientCapabilities | undefined,
  on: string,
): InputRound {
  if (!serverRoundOf)
    throw new Error(`${on}: the runtime's request-state module is not loaded (createServer loads it)`);
  return serverRoundOf(ctx, declared, on);
}

/**
 * A round with no client behind it (a unit test, or a call made outside the server): the given answers
 * and state, unsigned. Its `ask` still returns the input-required result, so a test sees what was asked.
 */
export function givenRound({
  responses,
  state,
  capabilities = { elicitation: {}, sampling: {}, roots: {} },
}: {
  responses?: Record<string, unknown>;
  state?: JSONValue;
  capabilities?: ClientCapabilities;
} = {}): InputRound {
  return {
    responses,
    state: <T extends JSONValue>() => state as T | undefined,
    can: (kind) => capabilities[kind] !== undefined,
    ask: async (requests, next) => asked(requests, next === undefined ? undefined : JSON.stringify(next)),
  };
}

/** The requests a round asked for, as one line: `user_name (elicitation/create), …`. */
export const askedFor = (result: InputRequiredResult): string =>
  Object.entries(result.inputRequests ?? {})
    .map(([name, request]) => `${name} (${request.method})`)
    .join(', ') || 'a further round';

/**
 * A tool result for a caller that cannot answer (no round was given): an error naming what the tool
 * asked for, instead of a result that caller cannot read.
 */
export function withoutClient<R extends CallToolResult>(
  name: string,
  result: R | InputRequiredResult,
): R | CallToolResult {
  if (!isInputRequired(result)) return result;
  return {
    isError: true,
    content: [{ type: 'text', text: `${name} needs input from the client: ${askedFor(result)}` }],
  };
}

/**
 * Runs one round through a call recorder, which keeps complete results only: a round that asked the
 * client is recorded as a line naming what it asked, and returned as it is.
 */
export async function recordRound(
  record: (run: () => Promise<CallToolResult>) => Promise<CallToolResult>,
  attempt: () => Promise<CallToolResult | InputRequiredResult>,
): Promise<CallToolResult | InputRequiredResult> {
  let asked: InputRequiredResult | undefined;
  const recorded = await record(async () => {
    const result = await attempt();
    if (!isInputRequired(result)) return result;
    asked = result;
    return { content: [{ type: 'text', text: `asked the client for ${askedFor(result)}` }] };
  });
  return asked ?? recorded;
}
