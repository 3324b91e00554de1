// How a generated server keeps its record of tool calls: the backends, their questions (each also a
// flag), validation and the plan the persistence templates render from. Shared by
// `npx plop persistence` and `npx plop server --persistence` (one implementation).
import { z } from 'zod';
import type { Manifest, RecordedAnswers } from '../../engine/actions/recordRun.js';
import { question, questions, type GivenAnswers } from '../../engine/contract/questions.js';

export const BACKENDS = ['none', 'jsonl', 'postgres'] as const;
export type BackendId = (typeof BACKENDS)[number];
const backendSchema = z.enum(BACKENDS);
export const DURABILITIES = ['none', 'batch', 'always'] as const;
export type Durability = (typeof DURABILITIES)[number];
const durabilitySchema = z.enum(DURABILITIES);

export interface PersistencePlan {
  backend: BackendId;
  durability: Durability;
  maxFileBytes: number;
  keepFiles: number;
  /** Env-only settings (documented, not asked): batch fsync interval and the body cut-off. */
  flushMs: number;
  maxBodyBytes: number;
  /** postgres: records held in memory during an outage before the spill file (env-only). */
  maxQueue: number;
  /** postgres: a default DATABASE_URL without a password (--databaseUrl), or none. */
  databaseUrl?: string;
}

export const NO_PERSISTENCE: PersistencePlan = {
  backend: 'none',
  durability: 'batch',
  maxFileBytes: 10 * 1024 * 1024,
  keepFiles: 10,
  flushMs: 200,
  maxBodyBytes: 16 * 1024,
  maxQueue: 10_000,
};

const SIZE = /^(\d+)\s*(k|kb|kib|m|mb|mib|g|gb|gib)?$/i;
const UNIT: Record<string, number> = { k: 1024, m: 1024 ** 2, g: 1024 ** 3 };
const MIN_FILE_BYTES = 4096;

/** `10485760`, `512k`, `10M`, `1GiB` → bytes (1024-based); undefined when it is not a size. */
export function parseSize(value: unknown): number | undefined {
  const match = SIZE.exec(String(value ?? '').trim());
  if (!match) return undefined;
  return Number(match[1]) * (match[2] ? UNIT[match[2][0].toLowerCase()] : 1);
}

const given = (value: unknown) => value !== undefined && value !== '';

// Each answer's typed value (from one its question accepted, or from a recorded run).
const parseBackend = (value: unknown): BackendId => backendSchema.parse(value);
/** Undefined when no record is kept (the question is not asked). */
const parseDurability = (value: unknown): Durability | undefined => durabilitySchema.optional().parse(value);
const parseKeepFiles = (value: unknown): number | undefined => (given(value) ? Number(value) : undefined);
const parseDatabaseUrl = (value: unknown): string | undefined => (given(value) ? String(value) : undefined);

/** The answers a plan is made from, whatever the backend answer is called (`backend`, or `persistence` in `server`). */
export interface PersistenceAnswers {
  backend: BackendId;
  durability?: Durability;
  maxFileBytes?: number;
  keepFiles?: number;
  databaseUrl?: string;
}

function checkDatabaseUrl(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `--databaseUrl must be a postgres:// URL, got "${value}"`;
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:')
    return `--databaseUrl must be a postgres:// or postgresql:// URL, got a ${url.protocol}// URL`;
  if (url.password)
    return '--databaseUrl must not hold a password (it would be written into the repo): set the full URL in <PREFIX>_DATABASE_URL at run time';
  return undefined;
}

/**
 * The questions. The flag is `--persistence` everywhere; `backendFlag` is the answer's name: `backend` for
 * `npx plop persistence` (as its runs are recorded) and `persistence` for
 * `npx plop server`; the others apply to a backend that keeps records.
 */
export function persistenceQuestions<const Flag extends 'backend' | 'persistence'>(
  backendFlag: Flag,
  defaultBackend: BackendId,
) {
  const keeps = (a: GivenAnswers) => a[backendFlag] !== undefined && a[backendFlag] !== 'none';
  const jsonl = (a: GivenAnswers) => a[backendFlag] === 'jsonl';
  const postgres = (a: GivenAnswers) => a[backendFlag] === 'postgres';
  const notApplicable = (flag: string, v: unknown, a: GivenAnswers) =>
    given(v) && !keeps(a) ? `--${flag} does not apply to --persistence none (no record is kept)` : undefined;
  const onlyFor = (backend: BackendId, flag: string, v: unknown, a: GivenAnswers) =>
    notApplicable(flag, v, a) ??
    (given(v) && a[backendFlag] !== backend
      ? `--${flag} does not apply to --persistence ${String(a[backendFlag])} (it is for ${backend})`
      : undefined);
  return questions(
    question({
      name: backendFlag,
      // One flag for the answer in every generator: --persistence (`npx plop persistence` records it as `backend`).
      ...(backendFlag === 'backend' ? { flag: 'persistence', deprecatedFlags: ['backend'] } : {}),
      message: 'Where the record of every tool call goes',
      type: 'list',
      choices: BACKENDS,
      help: `where every tool call is recorded: jsonl files in the data dir, postgres (one table for a fleet of servers), or none (default ${defaultBackend})`,
      default: () => defaultBackend,
      check: (v) =>
        backendSchema.safeParse(v).success
          ? undefined
          : `--persistence must be one of ${BACKENDS.join(', ')}, got "${String(v)}"`,
      parse: parseBackend,
    }),
    question({
      name: 'durability',
      message: 'When a record is on disk',
      type: 'list',
      choices: DURABILITIES,
      help: 'none: the OS decides; batch: fsync at most every <PREFIX>_FLUSH_MS, calls do not wait; always: a call answers after its record is fsynced (default batch)',
      when: keeps,
      default: (a) => (keeps(a) ? 'batch' : undefined),
      check: (v, a) =>
        notApplicable('durability', v, a) ??
        (!keeps(a) || durabilitySchema.safeParse(v).success
          ? undefined
          : `--durability must be one of ${DURABILITIES.join(', ')}, got "${String(v)}"`),
      parse: parseDurability,
    }),
    question({
      name: 'maxFileBytes',
      message: 'Rotate a record file at this size',
      help: 'jsonl: size at which a record file is rotated, e.g. 10M, 512k, 1048576 (default 10M)',
      when: jsonl,
      default: (a) => (jsonl(a) ? '10M' : undefined),
      check: (v, a) => {
        const na = onlyFor('jsonl', 'maxFileBytes', v, a);
        if (na || !jsonl(a)) return na;
        const bytes = parseSize(v);
        return bytes !== undefined && bytes >= MIN_FILE_BYTES && Number.isSafeInteger(bytes)
          ? undefined
          : `--maxFileBytes must be a size of at least 4k such as 10M, 512k or 1048576, got "${String(v)}"`;
      },
      parse: parseSize,
    }),
    question({
      name: 'keepFiles',
      message: 'Record files to keep',
      help: 'jsonl: how many record files are kept; the oldest are deleted after a rotation (default 10)',
      when: jsonl,
      default: (a) => (jsonl(a) ? '10' : undefined),
      check: (v, a) => {
        const na = onlyFor('jsonl', 'keepFiles', v, a);
        if (na || !jsonl(a)) return na;
        return /^\d+$/.test(String(v).trim()) && Number(v) >= 1 && Number(v) <= 10_000
          ? undefined
          : `--keepFiles must be a whole number from 1 to 10000, got "${String(v)}"`;
      },
      parse: parseKeepFiles,
    }),
    question({
      name: 'databaseUrl',
      message: 'Default database URL (no password; empty for none)',
      help: 'postgres: a default <PREFIX>_DATABASE_URL without a password, e.g. postgres://localhost:5432/mcp (optional; set the real one, with its password, in the environment)',
      when: postgres,
      check: (v, a) => onlyFor('postgres', 'databaseUrl', v, a) ?? (given(v) ? checkDatabaseUrl(String(v)) : undefined),
      parse: parseDatabaseUrl,
    }),
  );
}

/** The plan from parsed answers (those of `persistence` or `server`, or a recorded run's). */
export function planPersistence(answers: PersistenceAnswers): PersistencePlan {
  const { backend } = answers;
  if (backend === 'none') return NO_PERSISTENCE;
  const durability = durabilitySchema.parse(answers.durability);
  if (backend === 'postgres') {
    return {
      ...NO_PERSISTENCE,
      backend,
      durability,
      ...(answers.databaseUrl !== undefined ? { databaseUrl: answers.databaseUrl } : {}),
    };
  }
  if (answers.maxFileBytes === undefined) throw new Error('--maxFileBytes must be a size such as 10M');
  return {
    ...NO_PERSISTENCE,
    backend,
    durability,
    maxFileBytes: answers.maxFileBytes,
    keepFiles: answers.keepFiles ?? NO_PERSISTENCE.keepFiles,
  };
}

/** What .mcp-factory.json keeps of a plan (replayed by `update`); nothing for none. */
export function recordPersistence(plan: PersistencePlan, backendFlag: 'backend' | 'persistence'): RecordedAnswers {
  if (plan.backend === 'none') return backendFlag === 'backend' ? { backend: 'none' } : {};
  if (plan.backend === 'postgres') {
    return {
      [backendFlag]: plan.backend,
      durability: plan.durability,
      ...(plan.databaseUrl ? { databaseUrl: plan.databaseUrl } : {}),
    };
  }
  return {
    [backendFlag]: plan.backend,
    durability: plan.durability,
    maxFileBytes: plan.maxFileBytes,
    keepFiles: plan.keepFiles,
  };
}

/** The persistence in place: the last `persistence` run's, else the server run's, else none. */
export function currentPersistence(manifest: Manifest): PersistencePlan {
  const last = [...(manifest.runs ?? [])]
    .reverse()
    .find((r) => r.generator === 'persistence' || (r.generator === 'server' && r.answers.persistence));
  if (!last) return NO_PERSISTENCE;
  const flag = last.generator === 'persistence' ? 'backend' : 'persistence';
  const recorded = last.answers;
  if (recorded[flag] === 'none') return NO_PERSISTENCE;
  return planPersistence({
    backend: parseBackend(recorded[flag]),
    durability: parseDurability(recorded.durability),
    maxFileBytes: parseSize(recorded.maxFileBytes),
    keepFiles: parseKeepFiles(recorded.keepFiles),
    databaseUrl: parseDatabaseUrl(recorded.databaseUrl),
  });
}
