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
// recorder) and a registered tool's round: it loads no SDK code. The SDK's entry is ~900 KB of
// JavaScript that every test file of a generated server would otherwise evaluate again (jest isolates
// each file's modules). Not through a dynamic import() either: in the server's CommonJS bundle that
// makes esbuild wrap zod for lazy initialisation, and the bundle then fails at start (zodJitless.ts
// configures zod before its init). Signing and refusing state is requestState.ts's (the SDK's codec),
// which a server loads and which hands that side to this module as it loads.
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

/** What the codec seals: the state, and which tool or prompt it belongs to. */
export interface Sealed {
  on: string;
  state: JSONValue;
}

/** What only the server's side (requestState.ts, which loads the SDK) does for a round: signing and refusing state. */
export interface SealingSide {
  /** The SDK's own refusal of state that fails verification (-32602). */
  refused(): Error;
  /** Signs the state a round carries to the client. */
  mint(sealed: Sealed, ctx: ServerContext): Promise<string>;
}

let sealing: SealingSide | undefined;

/** Called by requestState.ts as it loads (a server's createServer, and anything verifying state, loads it). */
export function provideSealing(side: SealingSide): void {
  sealing = side;
}

/** Only a request that carries state, or a round that passes state on, needs the sealing side; a server that verifies state has loaded it. */
function sealingFor(on: string): SealingSide {
  if (!sealing) throw new Error(`${on}: state needs the runtime's request-state module (createServer loads it)`);
  return sealing;
}

/** The key a 2026-07-28 request declares the client's capabilities under (the SDK's CLIENT_CAPABILITIES_META_KEY; test/toolImports.test.ts checks they agree). */
export const CAPABILITIES_KEY = 'io.modelcontextprotocol/clientCapabilities';

const isCapabilities = (value: unknown): value is ClientCapabilities =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The round of a request as the SDK delivered it. `on` names the tool or prompt (`tools/call name`):
 * a state minted by another one is refused here, before the handler runs. `declared`: the client
 * capabilities a 2025-era client declared at initialize.
 */
export function roundOf(ctx: ServerContext, declared: () => ClientCapabilities | undefined, on: string): InputRound {
  const sealed = ctx.mcpReq.requestState<Sealed>();
  if (sealed !== undefined && sealed.on !== on) throw sealingFor(on).refused();
  // A 2026-07-28 request declares them in its envelope; a 2025-era client did at initialize.
  const envelope: { [key: string]: unknown } = ctx.mcpReq.envelope ?? {};
  const inEnvelope = envelope[CAPABILITIES_KEY];
  const capabilities = () => (isCapabilities(inEnvelope) ? inEnvelope : (declared() ?? {}));
  return {
    responses: ctx.mcpReq.inputResponses,
    state: <T extends JSONValue>() => sealed?.state as T | undefined,
    can: (kind) => capabilities()[kind] !== undefined,
    async ask(requests, state) {
      const requestState = state === undefined ? undefined : await sealingFor(on).mint({ on, state }, ctx);
      return asked(requests, requestState);
    },
  };
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
