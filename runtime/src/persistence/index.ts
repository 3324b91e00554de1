// `@mcp-factory/runtime/persistence`: what every backend shares. The recorder and upstream observer
// (record.ts), the history tool and resource (history.ts) over the backend's store, and the start from
// the environment. The backends are subpaths of their own (`./persistence/jsonl`, `./persistence/postgres`):
// a server loads only the one it uses, and only the postgres one loads `pg`.
import type { McpServer } from '@modelcontextprotocol/server';
import { ConfigError } from '../config.js';
import type { CallRecorder, ToolDeps } from '../defineTool.js';
import { log } from '../log.js';
import type { UpstreamObserver } from '../upstream.js';
import { historyTool, registerHistoryResource, type RecordSource } from './history.js';
import { createRecording, type RecordSink } from './record.js';
import { loadPersistenceSettings, type PersistenceSettings, type SettingsSource } from './settings.js';

export * from './history.js';
export * from './record.js';
export * from './settings.js';

export type Report = (message: string) => void;

/** What a server's src/extras.ts merges into its extras (a ServerExtras with every part present). */
export interface Persistence {
  recorder: CallRecorder;
  observeUpstream: UpstreamObserver;
  register(server: McpServer, deps: ToolDeps): void;
  close(): Promise<void>;
  store: RecordSink & { start(): unknown; flush(): Promise<void>; close(): Promise<void>; failed: number };
  source: RecordSource;
}

/** A backend: its name (which variables it reads) and how it starts from settings. */
export interface Backend {
  name: SettingsSource['backend'];
  start(settings: PersistenceSettings, report: Report): Persistence;
}

/** A server's persistence choices (its src/persistence.ts). */
export interface PersistenceOptions extends Omit<SettingsSource, 'backend'> {
  backend: Backend;
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

/** The server's backend, configured from the environment; a bad variable throws a ConfigError. */
export function startPersistence(
  { backend, ...source }: PersistenceOptions,
  env: NodeJS.ProcessEnv = process.env,
  report: Report = log.warn,
): Persistence {
  return backend.start(loadPersistenceSettings({ ...source, backend: backend.name }, env), report);
}

/** For src/extras.ts: a bad persistence variable ends the process with one line, like the config's. */
export function persistenceOrExit(options: PersistenceOptions): Persistence {
  try {
    return startPersistence(options);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    log.error(error.message);
    process.exit(1);
  }
}
