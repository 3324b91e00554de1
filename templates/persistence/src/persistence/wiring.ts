// What every backend shares: the recorder and upstream observer (record.ts), the history tool and
// resource (history.ts) over the backend's store, and the jsonl backend itself (also what the
// postgres backend writes to while it has no database).
import type { ServerExtras } from '../server.js';
import { log } from '../log.js';
import { historyPage, historyTool, registerHistoryResource, type RecordSource } from './history.js';
import { JsonlStore, readRecords } from './jsonlStore.js';
import { createRecording, type RecordSink } from './record.js';
import type { Durability } from './settings.js';

export interface Persistence extends Required<ServerExtras> {
  store: RecordSink & { start(): unknown; flush(): Promise<void>; close(): Promise<void>; failed: number };
  source: RecordSource;
}

export type Report = (message: string) => void;

/** The settings of the jsonl store (src/persistence/settings.ts reads them from the environment). */
export interface JsonlSettings {
  dataDir: string;
  durability: Durability;
  flushMs: number;
  maxFileBytes: number;
  keepFiles: number;
  maxBodyBytes: number;
}

export function assemble(
  store: Persistence['store'],
  source: RecordSource,
  maxBodyBytes: number,
  report: Report,
): Persistence {
  const recording = createRecording(store, maxBodyBytes, report);
  const history = historyTool(source);
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

/** Records in jsonl files under the data dir. */
export function jsonlPersistence(
  settings: JsonlSettings,
  report: Report = log.warn,
): Persistence & { store: JsonlStore } {
  const store = new JsonlStore({ ...settings, report });
  const all = async () => {
    await store.flush();
    return readRecords(settings.dataDir);
  };
  const source: RecordSource = {
    page: async (query) => historyPage(await all(), query),
    get: async (id) => (await all()).find((r) => r.id === id),
  };
  // Repairs what a killed process left, off the start-up path (before the first record is written).
  setImmediate(() => store.start());
  return { ...assemble(store, source, settings.maxBodyBytes, report), store };
}
