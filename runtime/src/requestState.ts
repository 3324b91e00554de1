// The server's side of multi-round-trip calls (inputRequired.ts): the state a round carries through
// the client is signed here (the SDK's HMAC-SHA256 codec, WebCrypto; ten minutes to live, bound to the
// caller's identity and to the tool or prompt that minted it), and a request's round is read from the
// SDK's request context. The key is random per process unless set (`setRequestStateKey`: HTTP mode's
// <PREFIX>_HTTP_REQUEST_STATE_KEY): one process serves every round over stdio, replicas behind a load
// balancer need the same key. Apart from inputRequired.ts because it loads the SDK: a server's start
// does anyway, a tool's unit test need not.
import {
  CLIENT_CAPABILITIES_META_KEY,
  createRequestStateCodec,
  inputRequired,
  ProtocolError,
  ProtocolErrorCode,
  type ClientCapabilities,
  type JSONValue,
  type RequestStateCodec,
  type ServerContext,
} from '@modelcontextprotocol/server';
import { provideRoundOf, type InputRound } from './inputRequired.js';

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

// A tool's module does not import this one (it would load the SDK): it reads rounds through inputRequired.ts.
provideRoundOf(roundOf);
