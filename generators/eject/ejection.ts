// What an ejection is, as data: which copied file each `@mcp-factory/runtime[/<subpath>]` import now
// names, which copied file each runtime bin runs, and the dependencies the copy needs. All of it is
// derived from the runtime's own package.json (its `exports`, `bin`, `dependencies` and
// `peerDependencies`), never from a list here, and recorded in .mcp-factory.json: `eject` applies it
// to the repo, `update` applies the same record to both of its renders, so their three-way merge sees
// an ejected repo on both sides.
import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { packageJsonSchema, parseJsonFile } from '../../engine/actions/editJson.js';
import type { Ejection } from '../../engine/actions/recordRun.js';
import { versions } from '../../engine/versions.js';

export type { Ejection };

export const RUNTIME_PACKAGE = '@mcp-factory/runtime';

/** The parts of the runtime's package.json an ejection reads. */
export interface RuntimePackageJson {
  name: string;
  version: string;
  exports?: string | Record<string, ExportTarget>;
  bin?: string | Record<string, string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}
type ExportTarget = string | { default?: string; import?: string; types?: string } | null;

/** Files an ejection rewrites imports in: code under these folders. */
export const CODE_DIRS = ['src', 'test'];
const CODE_FILE = /\.(ts|mts|cts|tsx|js|mjs|cjs)$/;
export const isCodeFile = (file: string): boolean =>
  CODE_FILE.test(file) && CODE_DIRS.some((dir) => file.startsWith(`${dir}/`)) && !file.endsWith('.d.ts');

/** `./dist/transport/exactStdio.js` → `transport/exactStdio.ts`: the source a compiled target was built from. */
const sourceOfTarget = (target: string): string =>
  target
    .replace(/^\.\//, '')
    .replace(/^dist\//, '')
    .replace(/\.js$/, '.ts')
    .replace(/\.mjs$/, '.mts')
    .replace(/\.cjs$/, '.cts');

const targetPath = (target: ExportTarget): string | undefined =>
  typeof target === 'string' ? target : (target?.default ?? target?.import ?? undefined);

/** The runtime source (below its src/) an export target is built from, e.g. `defineTool.ts`. */
export function exportSource(target: ExportTarget): string | undefined {
  const file = targetPath(target);
  return file === undefined ? undefined : sourceOfTarget(file);
}

/** A package-relative path, normalized: `./bin/dev.mjs` and `bin/dev.mjs` are the same file. */
const packagePath = (file: string): string => path.posix.normalize(file).replace(/^\.\//, '');

/**
 * The ejection of the runtime package whose package.json is `pkg`, unpacked at `packageRoot` (its
 * sources in src/), copied to `dir`. A compiled export or bin (under dist/) is its source in src/; a bin
 * shipped as is (e.g. bin/dev.mjs) is copied as is, to `dir`/bin/, with the files beside it (the modules it loads).
 * Throws one line when a file is missing.
 */
export function ejectionOf(pkg: RuntimePackageJson, packageRoot: string, dir: string): Ejection {
  const sourceDir = path.join(packageRoot, 'src');
  const exportsMap = typeof pkg.exports === 'string' || !pkg.exports ? { '.': pkg.exports ?? null } : pkg.exports;
  const copied = (target: string, what: string): string => {
    const source = sourceOfTarget(target);
    const check = source.replace('*', '');
    const exists = source.includes('*')
      ? fs.existsSync(path.join(sourceDir, path.dirname(check)))
      : fs.existsSync(path.join(sourceDir, source));
    if (!exists) {
      throw new Error(`${pkg.name}@${pkg.version}: ${what} (${target}) has no source ${source} in its src/`);
    }
    return `${dir}/${source}`;
  };
  const modules: Record<string, string> = {};
  for (const [subpath, target] of Object.entries(exportsMap)) {
    const file = targetPath(target);
    if (file) modules[subpath] = copied(file, `export ${subpath}`);
  }
  const binMap = typeof pkg.bin === 'string' ? { [pkg.name.replace(/^@[^/]+\//, '')]: pkg.bin } : (pkg.bin ?? {});
  const shipped: Record<string, string> = {};
  const bins: Record<string, string> = {};
  for (const [name, file] of Object.entries(binMap)) {
    const rel = packagePath(file);
    if (rel.startsWith('dist/')) {
      bins[name] = copied(file, `bin ${name}`);
      continue;
    }
    if (!fs.existsSync(path.join(packageRoot, rel))) {
      throw new Error(`${pkg.name}@${pkg.version}: bin ${name} (${file}) is not in the package`);
    }
    shipped[rel] = bins[name] = `${dir}/bin/${path.posix.basename(rel)}`;
    // It loads the modules beside it (bin/dev.mjs starts servers with devChild.mjs, …): its folder comes whole.
    const folder = path.posix.dirname(rel);
    if (folder === '.') continue;
    for (const sibling of fs.readdirSync(path.join(packageRoot, folder)).sort()) {
      shipped[path.posix.join(folder, sibling)] ??= `${dir}/bin/${sibling}`;
    }
  }
  const atFactoryVersion = (deps: Record<string, string>) =>
    Object.fromEntries(
      Object.entries(deps)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, range]) => [name, name in versions ? versions[name as keyof typeof versions] : range]),
    );
  const optional = (name: string) => pkg.peerDependenciesMeta?.[name]?.optional === true;
  const peers = Object.entries(pkg.peerDependencies ?? {});
  const needed = { ...Object.fromEntries(peers.filter(([name]) => !optional(name))), ...pkg.dependencies };
  const optionalPeers = Object.fromEntries(peers.filter(([name]) => optional(name) && !pkg.dependencies?.[name]));
  const typesOf = (name: string) => `@types/${name.replace(/^@/, '').replace('/', '__')}`;
  const typePackages = Object.entries(pkg.devDependencies ?? {}).filter(([name]) =>
    Object.keys({ ...needed, ...optionalPeers }).some((dep) => typesOf(dep) === name),
  );
  return {
    version: pkg.version,
    dir,
    modules,
    bins,
    dependencies: atFactoryVersion(needed),
    devDependencies: atFactoryVersion({ ...optionalPeers, ...Object.fromEntries(typePackages) }),
    ...(Object.keys(shipped).length ? { shipped } : {}),
  };
}

/**
 * A file the package ships as is (`packageFile`, e.g. bin/dev.mjs), copied to `repoFile`: its imports of
 * the compiled runtime (`../dist/x.js`) and of the package name point at the copied sources (run with tsx).
 */
export function rewriteShipped(text: string, packageFile: string, repoFile: string, ejection: Ejection): string {
  const relative = text.replace(/(['"`])(\.{1,2}\/[^'"`\s]*)\1/g, (whole, quote: string, specifier: string) => {
    const resolved = path.posix.join(path.posix.dirname(packageFile), specifier);
    return resolved.startsWith('dist/')
      ? `${quote}${relativeImport(repoFile, `${ejection.dir}/${sourceOfTarget(resolved)}`)}${quote}`
      : whole;
  });
  return rewriteImports(relative, repoFile, ejection).text;
}

/** The copied file an import specifier names, or undefined when the runtime does not export it. */
function moduleFile(specifier: string, ejection: Ejection): string | undefined {
  const subpath = specifier === RUNTIME_PACKAGE ? '.' : `.${specifier.slice(RUNTIME_PACKAGE.length)}`;
  if (ejection.modules[subpath]) return ejection.modules[subpath];
  for (const [pattern, file] of Object.entries(ejection.modules)) {
    const star = pattern.indexOf('*');
    if (star < 0) continue;
    const [before, after] = [pattern.slice(0, star), pattern.slice(star + 1)];
    if (subpath.startsWith(before) && subpath.endsWith(after) && subpath.length >= pattern.length - 1)
      return file.replace('*', subpath.slice(before.length, subpath.length - after.length));
  }
  return undefined;
}

/** A quoted `@mcp-factory/runtime` or `@mcp-factory/runtime/<subpath>` string: an import, re-export or mock of it. */
const RUNTIME_SPECIFIER = /(['"`])(@mcp-factory\/runtime(?:\/[^'"`\s]*)?)\1/g;

/** How code in `file` imports the copied `target` (both repo-relative): `../runtime/defineTool.js`. */
export function relativeImport(file: string, target: string): string {
  const compiled = target
    .replace(/\.ts$/, '.js')
    .replace(/\.mts$/, '.mjs')
    .replace(/\.cts$/, '.cjs');
  const rel = path.posix.relative(path.posix.dirname(file), compiled);
  return rel.startsWith('.') ? rel : `./${rel}`;
}

/**
 * `text` (the code of repo file `file`) with every runtime import made relative to the copied file;
 * `missing`: the specifiers the runtime does not export (the caller refuses).
 */
export function rewriteImports(text: string, file: string, ejection: Ejection): { text: string; missing: string[] } {
  const missing: string[] = [];
  const rewritten = text.replace(RUNTIME_SPECIFIER, (whole, quote: string, specifier: string) => {
    const target = moduleFile(specifier, ejection);
    if (!target) {
      missing.push(specifier);
      return whole;
    }
    return `${quote}${relativeImport(file, target)}${quote}`;
  });
  return { text: rewritten, missing };
}

/** The parts of a server's package.json an ejection edits (the rest is kept as it is). */
export type PackageJson = z.infer<typeof packageJsonSchema>;

const sorted = (deps: Record<string, string>) =>
  Object.fromEntries(Object.entries(deps).sort(([a], [b]) => a.localeCompare(b)));

/**
 * Ejects the repo's package.json, in place: no runtime dependency, the runtime's own dependencies added
 * (those the repo lacks), scripts that call a runtime bin run its copied source with tsx instead.
 * Returns one phrase per change, for the report. `eject` runs it as an editJson step; update's renders
 * on disk through ejectPackageJson.
 */
export function ejectPackage(pkg: PackageJson, ejection: Ejection): string[] {
  const changes: string[] = [];
  for (const field of ['dependencies', 'devDependencies'] as const) {
    if (pkg[field]?.[RUNTIME_PACKAGE]) {
      delete pkg[field][RUNTIME_PACKAGE];
      changes.push(`removed ${RUNTIME_PACKAGE} from ${field}`);
    }
  }
  const has = (name: string) => Boolean(pkg.dependencies?.[name] ?? pkg.devDependencies?.[name]);
  const added = Object.entries(ejection.dependencies).filter(([name]) => !has(name));
  if (added.length) {
    pkg.dependencies = sorted({ ...pkg.dependencies, ...Object.fromEntries(added) });
    changes.push(`added ${added.map(([name, range]) => `${name}@${range}`).join(', ')} to dependencies`);
  }
  const addedDev = Object.entries(ejection.devDependencies ?? {}).filter(([name]) => !has(name));
  if (addedDev.length) {
    pkg.devDependencies = sorted({ ...pkg.devDependencies, ...Object.fromEntries(addedDev) });
    changes.push(`added ${addedDev.map(([name, range]) => `${name}@${range}`).join(', ')} to devDependencies`);
  }
  let binsUsed = false;
  const scripts = pkg.scripts ?? {};
  for (const [script, command] of Object.entries(scripts)) {
    let next = command;
    for (const [bin, file] of Object.entries(ejection.bins)) {
      const escaped = bin.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      next = next.replace(
        new RegExp(`(^|[\\s;&|(])(?:npx\\s+)?${escaped}(?=$|[\\s;&|)])`, 'g'),
        (_, before: string) => `${before}tsx ${file}`,
      );
    }
    if (next !== command) {
      scripts[script] = next;
      binsUsed = true;
      changes.push(`script ${script}: runs ${next}`);
    }
  }
  if (binsUsed && !has('tsx')) {
    pkg.devDependencies = sorted({ ...pkg.devDependencies, tsx: versions.tsx });
    changes.push(`added tsx@${versions.tsx} to devDependencies (runs the runtime's bins from source)`);
  }
  return changes;
}

/** ejectPackage on a package.json's text: the ejected text and the changes. */
export function ejectPackageJson(text: string, ejection: Ejection): { text: string; changes: string[] } {
  const pkg = parseJsonFile('package.json', text, packageJsonSchema);
  const changes = ejectPackage(pkg, ejection);
  return { text: `${JSON.stringify(pkg, null, 2)}\n`, changes };
}

/** Every code file below `root` that an ejection rewrites (repo-relative, `/`-separated). */
export function codeFiles(root: string, except?: string): string[] {
  const files: string[] = [];
  for (const dir of CODE_DIRS) {
    const abs = path.join(root, dir);
    if (!fs.existsSync(abs)) continue;
    for (const entry of fs.readdirSync(abs, { recursive: true, encoding: 'utf8' })) {
      const file = `${dir}/${entry.split(path.sep).join('/')}`;
      if (file.split('/').includes('node_modules')) continue;
      if (except && (file === except || file.startsWith(`${except}/`))) continue;
      if (isCodeFile(file) && fs.statSync(path.join(root, file)).isFile()) files.push(file);
    }
  }
  return files.sort();
}

/**
 * Applies a recorded ejection to a rendered repo on disk (update's renders): its package.json and the
 * runtime imports of its code. Throws one line when rendered code imports a subpath the ejected runtime
 * does not have (the factory's templates now need a newer runtime than the one copied).
 */
export function applyEjection(root: string, ejection: Ejection): void {
  const pkgFile = path.join(root, 'package.json');
  if (fs.existsSync(pkgFile))
    fs.writeFileSync(pkgFile, ejectPackageJson(fs.readFileSync(pkgFile, 'utf8'), ejection).text);
  for (const file of codeFiles(root, ejection.dir)) {
    const abs = path.join(root, file);
    const before = fs.readFileSync(abs, 'utf8');
    const { text, missing } = rewriteImports(before, file, ejection);
    if (missing.length) {
      throw new Error(
        `the factory's ${file} imports ${missing[0]}, which the ejected runtime (${RUNTIME_PACKAGE}@${ejection.version} in ${ejection.dir}) does not have: copy that module from a newer runtime, or merge by hand`,
      );
    }
    if (text !== before) fs.writeFileSync(abs, text);
  }
}
