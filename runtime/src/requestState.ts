// The server's side of multi-round-trip calls (inputRequired.ts): the state a round carries through
// the client is signed and verified here (the SDK's HMAC-SHA256 codec, WebCrypto; ten minutes to live,
// bound to the caller's identity and to the tool or prompt that minted it). The key is random per
// process unless set (`setRequestStateKey`: HTTP mode's <PREFIX>_HTTP_REQUEST_STATE_KEY): one process
// serves every round over stdio, replicas behind a load balancer need the same key. Apart from
// inputRequired.ts because it loads the SDK: a server's start does anyway, a tool's unit test need not.
import {
  createRequestStateCodec,
  ProtocolError,
  ProtocolErrorCode,
  type RequestStateCodec,
  type ServerContext,
} from '@modelcontextprotocol/server';
import { provideSealing, type Sealed } from './inputRequired.js';

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

// A tool's module does not import this one (it would load the SDK): its rounds seal and refuse state through this.
provideSealing({ refused, mint: (sealed, ctx) => stateCodec().mint(sealed, ctx) });
