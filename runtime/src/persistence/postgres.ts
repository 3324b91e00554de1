// `@mcp-factory/runtime/persistence/postgres`: a PostgresStore over <PREFIX>_DATABASE_URL, spilling to
// jsonl under the data dir while the database is unreachable. Without a URL the server still starts (like
// a missing credential): records go to the spill, and the first start with the URL moves them. The only
// module of the runtime that loads `pg` (an optional peer dependency: a server with this backend installs it).
import path from 'node:path';
import { log } from '../log.js';
import { addSecret } from '../secrets.js';
import { assemble, type Backend, type Persistence, type Report } from './index.js';
import { jsonlPersistence, type JsonlSettings } from './jsonl.js';
import { PostgresStore } from './postgresStore.js';
import type { PersistenceSettings } from './settings.js';

export { PostgresStore, type PostgresOptions } from './postgresStore.js';

export type PostgresSettings = JsonlSettings & Pick<PersistenceSettings, 'databaseUrl' | 'maxQueue' | 'retryMs'>;

export function postgresPersistence(settings: PostgresSettings, report: Report = log.warn): Persistence {
  const spillDir = path.join(settings.dataDir, 'spill');
  if (!settings.databaseUrl) {
    report(`persistence: the database URL is not set: records go to ${spillDir} until it is`);
    return jsonlPersistence({ ...settings, dataDir: spillDir, keepFiles: Number.MAX_SAFE_INTEGER }, report);
  }
  // The URL may carry the database password: neither reaches a log, an error or a record.
  addSecret(settings.databaseUrl);
  try {
    addSecret(decodeURIComponent(new URL(settings.databaseUrl).password));
  } catch {
    // not a parseable URL: pg reports it on the first connection
  }
  const store = new PostgresStore({
    databaseUrl: settings.databaseUrl,
    durability: settings.durability,
    maxQueue: settings.maxQueue,
    batchSize: 100,
    spillDir,
    retryMs: settings.retryMs,
    report,
  });
  // Migrates and moves an earlier spill off the start-up path; a database that is down is reported, not fatal.
  setImmediate(() => store.start().catch(() => undefined));
  return assemble(store, store, settings.maxBodyBytes, report);
}

export const postgresBackend: Backend = { name: 'postgres', start: postgresPersistence };
