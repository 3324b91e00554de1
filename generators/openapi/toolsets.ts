// Toolsets: the operations of a spec grouped by their first tag (else the first literal segment of
// their path), so a large spec's tools can be chosen by area: `--toolsets repos,issues` at generate
// time, `<PREFIX>_TOOLSETS=repos,issues` at run time (the runtime's openapi/toolsets.ts).
import type { OperationPlan } from './operations.js';

/** A toolset name: lowercase words joined by `-` (`Cardano » Accounts` → `cardano-accounts`). */
const slug = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

/** The toolset of an operation: its first tag, else its path's first segment that is not a parameter. */
export function toolsetOf(op: Pick<OperationPlan, 'tags' | 'path'>): string {
  const tag = op.tags.map(slug).find(Boolean);
  if (tag) return tag;
  const segment = op.path
    .split(/[/?#]/)
    .filter((s) => s && !s.startsWith('{'))
    .map(slug)
    .find(Boolean);
  return segment ?? 'default';
}

/** Each toolset of these operations with its operation count, in the order they first appear. */
export function toolsetCounts(operations: ReadonlyArray<Pick<OperationPlan, 'tags' | 'path'>>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const op of operations) {
    const name = toolsetOf(op);
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return counts;
}

/**
 * The operations of the requested toolsets (all of them when none is requested); an unknown name
 * refuses the run with one line naming the known toolsets.
 */
export function selectToolsets<T extends Pick<OperationPlan, 'tags' | 'path'>>(
  operations: T[],
  requested: readonly string[],
): T[] {
  if (!requested.length) return operations;
  const known = [...toolsetCounts(operations).keys()];
  const unknown = requested.filter((name) => !known.includes(name));
  if (unknown.length) {
    throw new Error(
      `--toolsets: unknown toolset${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; this spec's toolsets: ${known.join(', ')}`,
    );
  }
  return operations.filter((op) => requested.includes(toolsetOf(op)));
}
