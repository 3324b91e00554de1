// Optional parts generators wire into the server (persistence: a call recorder, an upstream
// observer, the history tool and resource, what to finish before exit), set up once per process
// for either transport (src/index.ts on stdio). Generators insert at the markers below: keep them.
import { withRecordReplay } from '@mcp-factory/runtime/record-mode';
import { ENV_PREFIX } from './config.js';
import type { ServerExtras } from './server.js';
// mcp-factory:server-extras-imports

export function createExtras(): ServerExtras {
  const extras: ServerExtras = {};
  // mcp-factory:server-extras
  return withRecordReplay(extras, ENV_PREFIX); // <PREFIX>_RECORD / _REPLAY (README "Record and replay"); else as is
}
