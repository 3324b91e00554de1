// Where and how a server keeps its record of tool calls: environment → typed settings. A server names its
// env prefix and data folder, and gives its own defaults (the answers to `npx plop persistence`, in its
// src/persistence.ts); `<PREFIX>_*` variables override them at run time.
import os from 'node:os';
import path from 'node:path';
import * as z from 'zod';
import { ConfigError } from '../config.js';

export const DURABILITIES = ['none', 'batch', 'always'] as const;
export type Durability = (typeof DURABILITIES)[number];

export type BackendName = 'jsonl' | 'postgres';

export interface PersistenceSettings {
  /** Folder of the jsonl files (postgres: of the spill files), one file per process, rotated by size. */
  dataDir: string;
  /** none: the OS writes when it likes; batch: fsync at most every flushMs (calls do not wait); always: a call answers after its record is fsynced. */
  durability: Durability;
  flushMs: number;
  maxFileBytes: number;
  keepFiles: number;
  /** Upstream bodies and results longer than this are cut in the record, with their length noted. */
  maxBodyBytes: number;
  /** postgres: where records go (a secret: it may hold a password); without it records go to the spill. */
  databaseUrl?: string;
  /** postgres: records kept in memory while the database is unreachable; the rest go to the spill file. */
  maxQueue: number;
  /** postgres: how often an unreachable database is tried again, in ms. */
  retryMs: number;
}

/** What a server may set as its defaults (everything but the data dir, which is derived from its name). */
export type PersistenceDefaults = Partial<Omit<PersistenceSettings, 'dataDir'>>;

/** The defaults of a server that sets none. */
export const PERSISTENCE_DEFAULTS: Required<Omit<PersistenceDefaults, 'databaseUrl'>> = {
  durability: 'batch',
  flushMs: 200,
  maxFileBytes: 10 * 1024 * 1024,
  keepFiles: 10,
  maxBodyBytes: 16 * 1024,
  maxQueue: 10_000,
  retryMs: 1000,
};

export interface SettingsSource {
  /** The prefix of every variable (`<PREFIX>_DATA_DIR`), as in the server's src/config.ts. */
  envPrefix: string;
  /** The server's name: the last segment of the default data dir. */
  name: string;
  backend: BackendName;
  defaults?: PersistenceDefaults;
}

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const POSTGRES_URL = /^postgres(ql)?:\/\//;

function envSchema(backend: BackendName, d: typeof PERSISTENCE_DEFAULTS & { databaseUrl?: string }) {
  const common = {
    DATA_DIR: z.string().trim().min(1).optional(),
    DURABILITY: z.enum(DURABILITIES).default(d.durability),
    RECORD_MAX_BODY_BYTES: positiveInt(d.maxBodyBytes),
  };
  if (backend === 'jsonl') {
    return z.object({
      ...common,
      FLUSH_MS: positiveInt(d.flushMs),
      RECORD_MAX_FILE_BYTES: positiveInt(d.maxFileBytes),
      RECORD_KEEP_FILES: positiveInt(d.keepFiles),
    });
  }
  const url = z.string().trim().regex(POSTGRES_URL, 'must be a postgres:// or postgresql:// URL');
  return z.object({
    ...common,
    DATABASE_URL: d.databaseUrl === undefined ? url.optional() : url.default(d.databaseUrl),
    RECORD_MAX_QUEUE: positiveInt(d.maxQueue),
    DATABASE_RETRY_MS: positiveInt(d.retryMs),
  });
}

/**
 * `$XDG_DATA_HOME` (or ~/.local/share), then the server's name. Under jest (NODE_ENV=test, inherited
 * by the servers tests spawn) the default is a folder in the OS temp dir: tests never write records
 * into the user's data folder.
 */
export function defaultDataDir(name: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env.NODE_ENV === 'test') return path.join(os.tmpdir(), `${name}-test-records`);
  const base = env.XDG_DATA_HOME?.trim() || path.join(os.homedir(), '.local', 'share');
  return path.join(base, name);
}

/** Reads the `<PREFIX>_*` persistence variables of `backend`; throws a ConfigError naming the first bad one. */
export function loadPersistenceSettings(
  { envPrefix, name, backend, defaults = {} }: SettingsSource,
  env: NodeJS.ProcessEnv = process.env,
): PersistenceSettings {
  const d = { ...PERSISTENCE_DEFAULTS, ...defaults };
  const schema = envSchema(backend, d);
  const raw: Record<string, string | undefined> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[`${envPrefix}_${key}`];
    raw[key] = value === '' ? undefined : value;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`invalid ${envPrefix}_${String(issue.path[0])}: ${issue.message}`);
  }
  const e = parsed.data;
  return {
    ...d,
    dataDir: path.resolve(e.DATA_DIR ?? defaultDataDir(name, env)),
    durability: e.DURABILITY,
    maxBodyBytes: e.RECORD_MAX_BODY_BYTES,
    ...('FLUSH_MS' in e
      ? { flushMs: e.FLUSH_MS, maxFileBytes: e.RECORD_MAX_FILE_BYTES, keepFiles: e.RECORD_KEEP_FILES }
      : { databaseUrl: e.DATABASE_URL, maxQueue: e.RECORD_MAX_QUEUE, retryMs: e.DATABASE_RETRY_MS }),
  };
}
