// The one upstream HTTP client every tool calls: the runtime's (auth, resilience, limits and error
// mapping live there, so each present and future tool inherits them), bound to this server's auth
// scheme (src/auth.ts).
import { createUpstreamClient, type Upstream, type UpstreamObserver } from '@mcp-factory/runtime/upstream';
import { createAuth, missingCredentials } from './auth.js';
import type { Config } from './config.js';

export function createUpstream(config: Config, fetchImpl: typeof fetch = fetch, observe?: UpstreamObserver): Upstream {
  const auth = createAuth(config.auth, config.timeouts.attemptMs);
  return createUpstreamClient(config, { auth, missing: () => missingCredentials(config.auth) }, fetchImpl, observe);
}
