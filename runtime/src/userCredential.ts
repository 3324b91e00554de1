// Per-user upstream credentials (HTTP mode): the inbound request's identity brings its own credential for the
// upstream, held for that request only. The HTTP entry runs each request inside `withUserCredential(...)`; the
// upstream client (upstream.ts) then sends that credential, placed as the server's auth scheme places its own key
// (`Auth.applyUser`), and never the shared one. Node's AsyncLocalStorage carries it through every await of the
// request and to nothing else: no global, no cache, so one user's credential cannot reach another user's call.
import { AsyncLocalStorage } from 'node:async_hooks';

/** The credential of the request being served, or why there is none. */
export interface UserCredentialScope {
  /** The upstream credential; undefined when the request carried none (a call then fails, naming `source`). */
  credential?: string;
  /** Where it comes from, for the error a request without one gets (`the X-Upstream-Key header`). */
  source: string;
}

const scope = new AsyncLocalStorage<UserCredentialScope>();

/** Runs `fn` (one inbound request) with its user's upstream credential. */
export function withUserCredential<T>(user: UserCredentialScope, fn: () => T): T {
  return scope.run(user, fn);
}

/** The current request's user scope; undefined outside per-user mode (stdio, or HTTP with the shared key). */
export function currentUser(): UserCredentialScope | undefined {
  return scope.getStore();
}
