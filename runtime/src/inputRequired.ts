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
// result). The key is random per process unless set (`setRequestStateKey`: HTTP mode's
// <PREFIX>_HTTP_REQUEST_STATE_KEY): one process serves every round over stdio, replicas behind a
// load balancer need the same key.
import {
  CLIENT_CAPABILITIES_META_KEY,
  createRequestStateCodec,
  inputRequired,
  isInputRequiredResult,
  ProtocolError,
  ProtocolErrorCode,
  type CallToolResult,
  type ClientCapabilities,
  type InputRequests,
  type InputRequiredResult,
  type JSONValue,
  type RequestStateCodec,
  type ServerContext,
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

/** What the codec seals: the state, and which tool or prompt it belongs to. */
interface Sealed {
  on: string;
  state: JSONValue;
}

/** The frozen refusal the SDK itself answers for state that fails verification. */
const refused = () =>
  new ProtocolError(ProtocolErrorCode.InvalidParams, 'Invalid or expired requestState', {
    reason: 'invalid_request_state',
  });

let key: Uint8Array | string | undefined;
let codec: RequestStateCodec<Sealed> | undefined;

/** A key shared by every replica (at least 32 bytes); set before the first request. */
export function setRequestStateKey(value: string): void {
  key = value;
  codec = undefined;
}

function stateCodec(): RequestStateCodec<Sealed> {
  codec ??= createRequestStateCodec<Sealed>({
    // The Web Crypto global rather than node:crypto: a start need not load all of node:crypto for a key it may never use.
    key: (key ??= crypto.getRandomValues(new Uint8Array(32))),
    // A state minted for one caller is refused for another (the HTTP mode's authenticated client).
    bind: (ctx) => ctx.http?.authInfo?.clientId ?? '',
  });
  return codec;
}

/** The server's `requestState.verify` hook: every echoed state is checked before any handler runs. */
export const verifyRequestState = (state: string, ctx: ServerContext): Promise<Sealed> =>
  stateCodec().verify(state, ctx);

const isCapabilities = (value: unknown): value is ClientCapabilities =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The round of a request as the SDK delivered it. `on` names the tool or prompt (`tools/call name`):
 * a state minted by another one is refused here, before the handler runs. `declared`: the client
 * capabilities a 2025-era client declared at initialize.
 */
export function roundOf(ctx: ServerContext, declared: () => ClientCapabilities | undefined, on: string): InputRound {
  const sealed = ctx.mcpReq.requestState<Sealed>();
  if (sealed !== undefined && sealed.on !== on) throw refused();
  // A 2026-07-28 request declares them in its envelope; a 2025-era client did at initialize.
  const envelope: { [key: string]: unknown } = ctx.mcpReq.envelope ?? {};
  const inEnvelope = envelope[CLIENT_CAPABILITIES_META_KEY];
  const capabilities = () => (isCapabilities(inEnvelope) ? inEnvelope : (declared() ?? {}));
  return {
    responses: ctx.mcpReq.inputResponses,
    state: <T extends JSONValue>() => sealed?.state as T | undefined,
    can: (kind) => capabilities()[kind] !== undefined,
    async ask(requests, state) {
      const requestState = state === undefined ? undefined : await stateCodec().mint({ on, state }, ctx);
      return inputRequired({ inputRequests: requests, requestState });
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
    ask: async (requests, next) =>
      inputRequired({ inputRequests: requests, requestState: next === undefined ? undefined : JSON.stringify(next) }),
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
  if (!isInputRequiredResult(result)) return result;
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
    if (!isInputRequiredResult(result)) return result;
    asked = result;
    return { content: [{ type: 'text', text: `asked the client for ${askedFor(result)}` }] };
  });
  return asked ?? recorded;
}
