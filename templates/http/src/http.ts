// HTTP mode (`npm start -- --http`): the runtime's Streamable HTTP server over this server's config, upstream
// and tools, with its card from server.json. The runtime's build (mcp-factory-build) bundles this file apart
// (dist/http.js), and src/index.ts loads it only in HTTP mode, so a stdio start never reads it.
import { serveHttp as serve } from '@mcp-factory/runtime/http';
import serverJson from '../server.json' with { type: 'json' };
import { missingCredentials } from './auth.js';
import { createUpstream } from './client.js';
import { ENV_PREFIX, loadConfig } from './config.js';
import { createExtras } from './extras.js';
import { createServer } from './server.js';

export async function serveHttp(): Promise<void> {
  await serve({
    envPrefix: ENV_PREFIX,
    card: serverJson,
    setup() {
      const config = loadConfig();
      // What generators wired in (src/extras.ts: persistence, for example), shared with stdio mode.
      const extras = createExtras();
      const upstream = createUpstream(config, fetch, extras.observeUpstream);
      return {
        newServer: () => createServer(config, upstream, extras),
        missingCredentials: missingCredentials(config.auth),
        close: extras.close,
      };
    },
  });
}
