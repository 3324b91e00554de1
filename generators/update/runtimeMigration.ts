// Moving a repo onto the runtime package: a server generated before (or while) a module moved into
// @mcp-factory/runtime holds its own copy of that module. Which copies the runtime now provides is
// derived, in this one place, from the two renders and the runtime's package.json: a source file the
// baseline generated, the current factory no longer generates, and the runtime exports (its `exports`
// target built from the same path under the runtime's src/). planFiles already removes the copies the
// user never changed and keeps (with a note) the ones they did; this pass then
//   - points every remaining relative import of a removed copy at the runtime's subpath, in the user's
//     own files and in the kept ones (what the three-way merge cannot do: those files are in no render
//     or the template no longer has them),
//   - keeps a removed file the runtime does not export when a remaining file still imports it,
//   - says, for each kept copy, that the runtime provides it now.
import fs from 'node:fs';
import path from 'node:path';
import { RUNTIME_PACKAGE, codeFiles, exportSource, isCodeFile, type RuntimePackageJson } from '../eject/index.js';
import { FACTORY_ROOT } from '../../engine/paths.js';
import type { FilePlan } from './plan.js';

/** The runtime this factory's servers depend on: its package.json is shipped with the factory. */
export const RUNTIME_MANIFEST = path.join(FACTORY_ROOT, 'runtime/package.json');

/**
 * The repo files the runtime now provides, each with the specifier to import it by: files of the
 * baseline render under src/ that the target render no longer has and whose path below src/ is the
 * source of one of the runtime's exports (`src/transport/exactStdio.ts` → `@mcp-factory/runtime/stdio`).
 */
export function runtimeProvided(
  base: ReadonlyMap<string, string>,
  target: ReadonlyMap<string, string>,
  runtime: RuntimePackageJson,
): Map<string, string> {
  const bySource = new Map<string, string>();
  const exportsMap = typeof runtime.exports === 'object' && runtime.exports ? runtime.exports : {};
  for (const [subpath, target] of Object.entries(exportsMap)) {
    const source = exportSource(target);
    if (source && !subpath.includes('*'))
      bySource.set(source, subpath === '.' ? RUNTIME_PACKAGE : `${RUNTIME_PACKAGE}${subpath.slice(1)}`);
  }
  const provided = new Map<string, string>();
  for (const file of base.keys()) {
    const specifier = file.startsWith('src/') ? bySource.get(file.slice('src/'.length)) : undefined;
    if (!target.has(file) && specifier) provided.set(file, specifier);
  }
  return provided;
}

/** A quoted relative specifier (`'../errors.js'`): an import, re-export or mock of a repo file. */
const RELATIVE_SPECIFIER = /(['"`])(\.{1,2}\/[^'"`\s]*)\1/g;

/** The repo file a relative specifier in `file` names (`.js` → `.ts`), `/`-separated. */
const resolved = (file: string, specifier: string): string =>
  path.posix.join(path.posix.dirname(file), specifier).replace(/\.js$/, '.ts');

/**
 * The plan with the runtime migration applied (see the top of this file). `readOurs` reads the user's
 * file; `repo` is listed for the user's own code files (in neither render).
 */
export function migrateToRuntime(
  plan: readonly FilePlan[],
  provided: ReadonlyMap<string, string>,
  repo: string,
  readOurs: (file: string) => string | undefined,
): FilePlan[] {
  if (provided.size === 0) return [...plan];
  const files = new Map(plan.map((f) => [f.path, { ...f }]));
  const removed = (file: string) => files.get(file)?.action === 'removed';
  // What each code file holds after the update, and whether it stays.
  const finalText = (file: string): string | undefined => {
    const entry = files.get(file);
    if (!entry) return readOurs(file);
    if (entry.action === 'removed') return undefined;
    return entry.content ?? readOurs(file);
  };
  const candidates = new Set([...files.keys(), ...codeFiles(repo)].filter(isCodeFile));
  // A removed file the runtime does not export stays while a remaining file imports it (fixpoint: the
  // file kept may import others).
  const importers = new Map<string, string>();
  for (let changed = true; changed;) {
    changed = false;
    for (const file of candidates) {
      const text = finalText(file);
      if (text === undefined) continue;
      for (const [, , specifier] of text.matchAll(RELATIVE_SPECIFIER)) {
        const dep = resolved(file, specifier);
        if (removed(dep) && !provided.has(dep)) {
          files.set(dep, { path: dep, action: 'unchanged' });
          importers.set(dep, file);
          changed = true;
        }
      }
    }
  }
  for (const [dep, importer] of importers) {
    files.set(dep, {
      path: dep,
      action: 'unchanged',
      note: `no longer generated and not in ${RUNTIME_PACKAGE}; kept because ${importer} imports it`,
    });
  }
  // Imports of removed copies → the runtime's subpaths.
  for (const file of candidates) {
    const text = finalText(file);
    if (text === undefined) continue;
    const rewritten = text.replace(RELATIVE_SPECIFIER, (whole, quote: string, specifier: string) => {
      const dep = resolved(file, specifier);
      const specifierOf = provided.get(dep);
      return removed(dep) && specifierOf ? `${quote}${specifierOf}${quote}` : whole;
    });
    if (rewritten === text) continue;
    const entry = files.get(file);
    const note = `imports of files ${RUNTIME_PACKAGE} now provides point at it`;
    files.set(
      file,
      entry && entry.action !== 'unchanged'
        ? { ...entry, content: rewritten, note: entry.note ?? note, format: entry.action !== 'conflict' }
        : { path: file, action: 'updated', content: rewritten, note, format: true },
    );
  }
  // The kept copies: the runtime provides them now.
  for (const [file, specifier] of provided) {
    const entry = files.get(file);
    if (entry && entry.action === 'unchanged' && readOurs(file) !== undefined) {
      entry.note = `now provided by ${specifier}; kept because you changed it: nothing generated imports it any more, so move your change and delete it`;
    }
  }
  return [...files.values()].sort((a, b) => a.path.localeCompare(b.path));
}

/** The runtime's package.json as this factory ships it. */
export const runtimeManifest = (): RuntimePackageJson =>
  JSON.parse(fs.readFileSync(RUNTIME_MANIFEST, 'utf8')) as RuntimePackageJson;

/**
 * HTTP mode's deployment files (generators/http/files), which `npx plop server` wrote before they moved behind
 * `npx plop http`: a server that has them keeps them (they describe how it is deployed), never removed by the
 * update because a new server no longer gets them.
 */
export const DEPLOYMENT_FILES: readonly string[] = ['Dockerfile', '.dockerignore', 'deploy/kubernetes.yaml'];

export function keepDeploymentFiles(plan: readonly FilePlan[]): FilePlan[] {
  return plan.map((file) =>
    file.action === 'removed' && DEPLOYMENT_FILES.includes(file.path)
      ? { path: file.path, action: 'unchanged', note: 'no longer in a new server (`npx plop http` writes it); kept' }
      : file,
  );
}
