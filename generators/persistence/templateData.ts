// What the persistence templates and partials need, computed once from the plan and the repo.
import type { PersistencePlan } from './answers.js';

export interface RepoNames {
  /** The server's name (the data dir's last segment). */
  name: string;
  /** The env prefix, e.g. ACME. */
  prefix: string;
}

/** The variables a backend reads, for README and server.json. */
export interface PersistenceVar {
  name: string;
  description: string;
  default?: string;
  secret?: boolean;
  required?: boolean;
}

export function persistenceVars(plan: PersistencePlan, { prefix }: RepoNames): PersistenceVar[] {
  if (plan.backend === 'none') return [];
  const durability = {
    name: `${prefix}_DURABILITY`,
    description: 'none | batch (fsync at most every FLUSH_MS) | always (a call answers after its record is fsynced)',
    default: plan.durability,
  };
  const bodies = {
    name: `${prefix}_RECORD_MAX_BODY_BYTES`,
    description: 'upstream bodies and results longer than this are cut in a record, with their length noted',
    default: String(plan.maxBodyBytes),
  };
  if (plan.backend === 'postgres') {
    return [
      {
        name: `${prefix}_DATABASE_URL`,
        description: 'PostgreSQL URL the call records go to, e.g. postgres://user:password@host:5432/db',
        secret: true,
        required: !plan.databaseUrl,
        default: plan.databaseUrl,
      },
      {
        name: `${prefix}_DATA_DIR`,
        description:
          'Folder of the spill file while the database is unreachable (default: $XDG_DATA_HOME or ~/.local/share, then the server name)',
      },
      {
        ...durability,
        description:
          'none | batch (calls do not wait) | always (a call answers after its record is committed, or spilled and fsynced)',
      },
      {
        name: `${prefix}_RECORD_MAX_QUEUE`,
        description: 'records held in memory while the database is unreachable; the rest go to the spill file',
        default: String(plan.maxQueue),
      },
      {
        name: `${prefix}_DATABASE_RETRY_MS`,
        description: 'how often an unreachable database is tried again, in ms',
        default: '1000',
      },
      bodies,
    ];
  }
  return [
    {
      name: `${prefix}_DATA_DIR`,
      description: 'Folder of the call records (default: $XDG_DATA_HOME or ~/.local/share, then the server name)',
    },
    durability,
    {
      name: `${prefix}_FLUSH_MS`,
      description: 'batch: fsync at most this often, in ms',
      default: String(plan.flushMs),
    },
    {
      name: `${prefix}_RECORD_MAX_FILE_BYTES`,
      description: 'a record file is rotated at this size in bytes',
      default: String(plan.maxFileBytes),
    },
    {
      name: `${prefix}_RECORD_KEEP_FILES`,
      description: 'record files kept; the oldest are deleted after a rotation',
      default: String(plan.keepFiles),
    },
    bodies,
  ];
}

export function persistenceTemplateData(plan: PersistencePlan, repo: RepoNames) {
  return { ...repo, persistence: plan, persistenceVars: persistenceVars(plan, repo) };
}
