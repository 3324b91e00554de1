// `@mcp-factory/runtime/persistence/jsonl`: records in jsonl files under the data dir (jsonlStore.ts),
// read back by the history tool; also what the postgres backend writes to while it has no database.
import { log } from '../log.js';
import { historyPage, type RecordSource } from './history.js';
import { assemble, type Backend, type Persistence, type Report } from './index.js';
import { JsonlStore, readRecords } from './jsonlStore.js';
import type { PersistenceSettings } from './settings.js';

export { JsonlStore, readRecords, recordFiles, repairTornTail, type JsonlOptions } from './jsonlStore.js';

/** The settings of the jsonl store. */
export type JsonlSettings = Pick<
  PersistenceSettings,
  'dataDir' | 'durability' | 'flushMs' | 'maxFileBytes' | 'keepFiles' | 'maxBodyBytes'
>;

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

export const jsonlBackend: Backend = { name: 'jsonl', start: jsonlPersistence };
