// Spec drift: what changed for the tools between the spec an earlier `openapi` run read (the copy it
// kept in the repo, specCopy.ts) and the spec this run reads, split into breaking changes (an
// operation removed, an input that became required or is gone, a type that changed, a response field
// removed) and additions, with the version bump they call for: major for a breaking change, minor for
// an addition, patch for any other change of the spec.
import fs from 'node:fs';
import path from 'node:path';
import type { Manifest } from '../../engine/actions/recordRun.js';
import { selectOperations, type OperationPlan } from './operations.js';
import { RESULT_KEY } from './responses.js';
import { SPEC_ANSWERS, specCopyPath } from './specCopy.js';
import { loadSpec, type Schema } from './spec.js';

export interface Change {
  breaking: boolean;
  /** `GET /items/{id}`. */
  route: string;
  what: string;
}

export type Bump = 'major' | 'minor' | 'patch';

export interface Drift {
  /** The copy of the earlier spec, relative to the repo. */
  before: string;
  changes: Change[];
  bump: Bump;
  /** The repo's package.json version and the one the bump gives, when it has one. */
  version?: { current: string; next: string };
}

const isObject = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A schema with its allOf branches merged (their properties and required names): what a value must have. */
function flat(schema: unknown): Schema {
  if (!isObject(schema)) return {};
  const parts = Array.isArray(schema.allOf) ? schema.allOf.map(flat) : [];
  const properties = Object.assign(
    {},
    ...parts.map((p) => p.properties),
    isObject(schema.properties) ? schema.properties : {},
  ) as Record<string, Schema>;
  const required = [...parts, schema].flatMap((p) => (Array.isArray(p.required) ? (p.required as string[]) : []));
  const type = schema.type ?? parts.find((p) => p.type !== undefined)?.type;
  return { ...schema, type, properties, required };
}

const typeName = (type: unknown): string | undefined =>
  type === undefined ? undefined : Array.isArray(type) ? type.join('|') : String(type);

/**
 * The changes from `before` to `after` at `at` (an input, or a response field under `result`).
 * Inputs: new required or newly required ones and removed ones break callers; new optional ones are
 * additions. Responses: removed fields break readers; new ones are additions. A changed type breaks both.
 */
function compare(
  before: unknown,
  after: unknown,
  at: string,
  side: 'input' | 'response',
  out: Change[],
  route: string,
) {
  const b = flat(before);
  const a = flat(after);
  const add = (breaking: boolean, what: string) => out.push({ breaking, route, what });
  const [tb, ta] = [typeName(b.type), typeName(a.type)];
  if (tb && ta && tb !== ta) {
    // A wider input (string → string|null) or a narrower response still suits every caller.
    const [wider, narrower] = side === 'input' ? [ta, tb] : [tb, ta];
    const safe = narrower.split('|').every((t) => wider.split('|').includes(t));
    add(!safe, `${side}${at ? ` ${at}` : ''}: type ${tb} → ${ta}`);
    return;
  }
  const bp = b.properties as Record<string, Schema>;
  const ap = a.properties as Record<string, Schema>;
  const breq = new Set(b.required as string[]);
  const areq = new Set(a.required as string[]);
  const child = (name: string) => (at ? `${at}.${name}` : name);
  for (const name of Object.keys(bp)) {
    if (!(name in ap))
      add(true, side === 'input' ? `input removed: ${child(name)}` : `response field removed: ${child(name)}`);
  }
  for (const name of Object.keys(ap)) {
    if (name in bp) {
      if (side === 'input' && areq.has(name) && !breq.has(name)) add(true, `input now required: ${child(name)}`);
      compare(bp[name], ap[name], child(name), side, out, route);
    } else if (side === 'response') add(false, `new response field: ${child(name)}`);
    else if (areq.has(name)) add(true, `new required input: ${child(name)}`);
    else add(false, `new optional input: ${child(name)}`);
  }
  if (isObject(b.items) || isObject(a.items)) compare(b.items, a.items, `${at}[]`, side, out, route);
}

const routeOf = (op: OperationPlan) => `${op.httpMethod} ${op.path}`;

/** What changed for the tools from the operations of one spec to those of another. */
export function changesBetween(before: OperationPlan[], after: OperationPlan[]): Change[] {
  const changes: Change[] = [];
  const now = new Map(after.map((op) => [routeOf(op), op]));
  const then = new Map(before.map((op) => [routeOf(op), op]));
  for (const [route, op] of then) {
    const next = now.get(route);
    if (!next) {
      changes.push({ breaking: true, route, what: `operation removed (tool ${op.name})` });
      continue;
    }
    compare(op.inputSchema, next.inputSchema, '', 'input', changes, route);
    const [ob, oa] = [op.output?.schema.properties, next.output?.schema.properties] as Array<
      Record<string, Schema> | undefined
    >;
    if (ob && !oa) changes.push({ breaking: true, route, what: 'JSON response schema removed' });
    else if (!ob && oa) changes.push({ breaking: false, route, what: 'JSON response schema added' });
    else if (ob && oa) compare(ob[RESULT_KEY], oa[RESULT_KEY], '', 'response', changes, route);
  }
  for (const route of now.keys()) {
    if (!then.has(route)) changes.push({ breaking: false, route, what: 'operation added' });
  }
  return changes;
}

/**
 * major.minor.patch bumped. Hand-written: three numbers, not worth a dependency. A pre-release or
 * any other version gets no suggestion (only the bump is named).
 */
export function nextVersion(version: string, bump: Bump): string | undefined {
  const parts = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
  if (!parts) return undefined;
  const [major, minor, patch] = parts.slice(1).map(Number);
  if (bump === 'major') return `${major + 1}.0.0`;
  if (bump === 'minor') return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}

/** The copy of the spec the latest earlier run of `spec` read (relative to the repo), if any. */
export function earlierCopy(manifest: Manifest, spec: string): string | undefined {
  for (const run of [...(manifest.runs ?? [])].reverse()) {
    const keys = SPEC_ANSWERS[run.generator];
    const hash = keys && run.answers?.[keys.path] === spec ? run.answers[keys.hash] : undefined;
    if (typeof hash === 'string') return specCopyPath(hash, spec);
  }
  return undefined;
}

/**
 * The drift from the spec the latest earlier run of `spec` read to `after` (the operations this run
 * selects; the earlier spec goes through the same filters); undefined when there was no earlier run,
 * its copy is gone or unreadable, or the spec is the same (`hash`).
 */
export async function specDrift(
  repo: string,
  manifest: Manifest,
  plan: { specKey: string; kept: { hash: string }; include: string[]; exclude: string[]; operations: OperationPlan[] },
): Promise<Drift | undefined> {
  const before = earlierCopy(manifest, plan.specKey);
  if (!before || before === specCopyPath(plan.kept.hash, plan.specKey)) return undefined;
  const abs = path.join(repo, before);
  if (!fs.existsSync(abs)) return undefined;
  // The copy was read by an earlier run; one this version cannot read just gives no drift report.
  const doc = await loadSpec(abs, before).catch(() => undefined);
  if (!doc) return undefined;
  const { operations } = selectOperations(doc, {
    include: plan.include,
    exclude: plan.exclude,
    taken: new Set(),
  });
  const changes = changesBetween(operations, plan.operations);
  const bump: Bump = changes.some((c) => c.breaking) ? 'major' : changes.length ? 'minor' : 'patch';
  const pkg = path.join(repo, 'package.json');
  const current = fs.existsSync(pkg)
    ? (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { version?: unknown }).version
    : undefined;
  const next = typeof current === 'string' ? nextVersion(current, bump) : undefined;
  return { before, changes, bump, ...(next ? { version: { current: String(current), next } } : {}) };
}

const BUMP_WHY: Record<Bump, string> = {
  major: 'breaking changes',
  minor: 'additions only',
  patch: 'no breaking change or addition',
};

/** The drift as a table: breaking changes, then additions, then the suggested version. */
export function describeDrift(drift: Drift): string[] {
  const width = Math.max(0, ...drift.changes.map((c) => c.route.length));
  const rows = (breaking: boolean) =>
    drift.changes.filter((c) => c.breaking === breaking).map((c) => `    ${c.route.padEnd(width)}  ${c.what}`);
  const breaking = rows(true);
  const added = rows(false);
  const why = BUMP_WHY[drift.bump];
  return [
    `spec drift since the last run of this spec (${drift.before}):`,
    ...(breaking.length ? [`  breaking changes (${breaking.length}):`, ...breaking] : ['  breaking changes: none']),
    ...(added.length ? [`  additions (${added.length}):`, ...added] : ['  additions: none']),
    drift.version
      ? `  suggested version: ${drift.version.current} → ${drift.version.next} (${drift.bump}: ${why}; package.json "version")`
      : `  suggested bump: ${drift.bump} (${why}; package.json has no x.y.z "version")`,
  ];
}
