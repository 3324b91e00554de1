// What the persistence templates and partials need, computed once from the plan and the repo.
import type { PersistencePlan } from './answers.js';

export interface RepoNames {
  /** The server's name (the data dir's last segment). */
  name: string;
  /** The env prefix, e.g. ACME. */
  prefix: string;
}

/** The variables a backend reads, for README, .env.example and server.json. */
export function persistenceVars(plan: PersistencePlan, { prefix }: RepoNames) {
  if (plan.backend === 'none') return [];
  return [
    {
      name: `${prefix}_DATA_DIR`,
      description: 'Folder of the call records (default: $XDG_DATA_HOME or ~/.local/share, then the server name)',
      default: undefined as string | undefined,
    },
    {
      name: `${prefix}_DURABILITY`,
      description: 'none | batch (fsync at most every FLUSH_MS) | always (a call answers after its record is fsynced)',
      default: plan.durability,
    },
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
    {
      name: `${prefix}_RECORD_MAX_BODY_BYTES`,
      description: 'upstream bodies and results longer than this are cut in a record, with their length noted',
      default: String(plan.maxBodyBytes),
    },
  ];
}

export function persistenceTemplateData(plan: PersistencePlan, repo: RepoNames) {
  return { ...repo, persistence: plan, persistenceVars: persistenceVars(plan, repo) };
}
