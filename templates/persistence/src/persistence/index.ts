// Persistence, wired into the server at src/index.ts's `mcp-factory:server-extras` marker: every tool
// call (src/defineTool.ts) is recorded with its upstream exchanges (src/client.ts), and the history
// tool and resource read the records back. Written by `npx plop persistence`.
import type { ServerExtras } from '../server.js';
import { ConfigError } from '../config.js';
import { log } from '../log.js';
import { historyTool, registerHistoryResource, type RecordSource } from './history.js';
import { JsonlStore, readRecords } from './jsonlStore.js';
import { createRecording } from './record.js';
import { loadPersistenceSettings } from './settings.js';

export interface Persistence extends Required<ServerExtras> {
  store: JsonlStore;
  source: RecordSource;
}

export function startPersistence(env: NodeJS.ProcessEnv = process.env, report = log.warn): Persistence {
  const settings = loadPersistenceSettings(env);
  const store = new JsonlStore({ ...settings, report });
  const recording = createRecording(store, settings.maxBodyBytes, report);
  const source: RecordSource = {
    async all() {
      await store.flush();
      return readRecords(settings.dataDir);
    },
  };
  const history = historyTool(source);
  // Repairs what a killed process left, off the start-up path (before the first record is written).
  setImmediate(() => store.start());
  return {
    store,
    source,
    recorder: recording.recorder,
    observeUpstream: recording.observeUpstream,
    register(server, deps) {
      history.register(server, deps);
      registerHistoryResource(server, source);
    },
    close: () => store.close(),
  };
}

/** For src/index.ts: a bad persistence variable ends the process with one line, like loadConfig's. */
export function persistenceOrExit(): Persistence {
  try {
    return startPersistence();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    log.error(error.message);
    process.exit(1);
  }
}
