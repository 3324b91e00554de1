// `npx plop eject`: for those who want every line. Copies the TypeScript source of the runtime the repo
// has installed (node_modules/@mcp-factory/runtime/src: the package ships its sources with its build, so
// the copy is exactly the version the repo ran) into src/runtime/, makes every runtime import in src/
// and test/ a relative import of the copy, swaps the runtime dependency for the runtime's own
// dependencies, points scripts that call a runtime bin at its copied source, and records the ejection
// in .mcp-factory.json (`update` then merges as an ejected repo: ejection.ts).
import fs from 'node:fs';
import path from 'node:path';
import { packageJsonSchema, parseJsonFile } from '../../engine/actions/editJson.js';
import { steps, type Step } from '../../engine/actions/index.js';
import { MANIFEST, type Manifest } from '../../engine/actions/recordRun.js';
import { defineGenerator } from '../../engine/contract/defineGenerator.js';
import { question, text } from '../../engine/contract/questions.js';
import {
  RUNTIME_PACKAGE,
  codeFiles,
  ejectPackage,
  ejectionOf,
  rewriteImports,
  rewriteShipped,
  type Ejection,
  type RuntimePackageJson,
} from './ejection.js';

export interface EjectPlan {
  ejection: Ejection;
  /** The installed runtime package (absolute). */
  root: string;
  /** The installed runtime's src/ (absolute). */
  source: string;
  /** The source files to copy, relative to `source`. */
  copies: string[];
  /** Repo files whose runtime imports were rewritten: their new text. */
  rewrites: Array<{ file: string; text: string }>;
  manifest: string;
}

const DEFAULT_DIR = 'src/runtime';
const NPM_INSTALL = 'run npm install first, then eject';

const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(file, 'utf8')) as T;

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => fs.statSync(path.join(dir, file)).isFile())
    .map((file) => file.split(path.sep).join('/'))
    .sort();
}

/** The runtime the repo depends on, as installed: refuses when it is not, or not the version package.json names. */
function installedRuntime(repo: string): { pkg: RuntimePackageJson; root: string; source: string } {
  const declared = readJson<{ dependencies?: Record<string, string>; devDependencies?: Record<string, string> }>(
    path.join(repo, 'package.json'),
  );
  const spec = declared.dependencies?.[RUNTIME_PACKAGE] ?? declared.devDependencies?.[RUNTIME_PACKAGE];
  if (!spec) {
    throw new Error(
      `package.json does not depend on ${RUNTIME_PACKAGE}: nothing to eject (a server generated before the runtime package: run npx plop update first)`,
    );
  }
  const installed = path.join(repo, 'node_modules', RUNTIME_PACKAGE);
  if (!fs.existsSync(path.join(installed, 'package.json'))) {
    throw new Error(`${RUNTIME_PACKAGE} is not installed in node_modules: ${NPM_INSTALL}`);
  }
  const pkg = readJson<RuntimePackageJson>(path.join(installed, 'package.json'));
  if (/^\d+\.\d+\.\d+/.test(spec) && spec !== pkg.version) {
    throw new Error(
      `package.json wants ${RUNTIME_PACKAGE}@${spec} but node_modules has ${pkg.version}: ${NPM_INSTALL}`,
    );
  }
  const source = path.join(installed, 'src');
  if (!fs.existsSync(source)) {
    throw new Error(
      `the installed ${RUNTIME_PACKAGE}@${pkg.version} ships no sources (src/): eject needs a runtime that does (update it)`,
    );
  }
  return { pkg, root: installed, source };
}

function planEject(answers: { dir: string }, repo: string, manifest: Manifest): EjectPlan {
  if (manifest.ejected) {
    throw new Error(
      `already ejected: ${RUNTIME_PACKAGE}@${manifest.ejected.version} was copied into ${manifest.ejected.dir} (${MANIFEST} records it)`,
    );
  }
  const { dir } = answers;
  if (fs.existsSync(path.join(repo, dir))) {
    throw new Error(`${dir} exists already: pass --dir <another folder under src/>`);
  }
  const { pkg, root, source } = installedRuntime(repo);
  const ejection = ejectionOf(pkg, root, dir);
  const rewrites: EjectPlan['rewrites'] = [];
  for (const file of codeFiles(repo)) {
    const before = fs.readFileSync(path.join(repo, file), 'utf8');
    const { text, missing } = rewriteImports(before, file, ejection);
    if (missing.length) {
      throw new Error(
        `${file} imports ${missing[0]}, which ${RUNTIME_PACKAGE}@${pkg.version} does not export (fix the import, then eject)`,
      );
    }
    if (text !== before) rewrites.push({ file, text });
  }
  // Checked now, edited by its step: a package.json the edit cannot read is refused before anything is written.
  parseJsonFile('package.json', fs.readFileSync(path.join(repo, 'package.json'), 'utf8'), packageJsonSchema);
  return {
    ejection,
    root,
    source,
    copies: filesUnder(source),
    rewrites,
    manifest: `${JSON.stringify({ ...manifest, ejected: ejection }, null, 2)}\n`,
  };
}

const copyRuntime = (plan: EjectPlan): Step => ({
  name: 'copyRuntime',
  async run({ tree }) {
    // Formatted with the repo's own prettier config, like every file a generator writes.
    for (const file of plan.copies)
      await tree.write(`${plan.ejection.dir}/${file}`, fs.readFileSync(path.join(plan.source, file), 'utf8'));
    const shipped = Object.entries(plan.ejection.shipped ?? {});
    for (const [from, to] of shipped)
      await tree.write(
        to,
        rewriteShipped(fs.readFileSync(path.join(plan.root, from), 'utf8'), from, to, plan.ejection),
      );
    return [
      `${plan.ejection.dir}/: ${plan.copies.length} source file(s) of ${RUNTIME_PACKAGE}@${plan.ejection.version}`,
      ...shipped.map(([from, to]) => `${to}: its ${from}, importing the copied sources`),
    ].join('\n');
  },
});

const rewriteRepo = (plan: EjectPlan): Step => ({
  name: 'rewriteImports',
  async run({ tree }) {
    for (const { file, text } of plan.rewrites) await tree.write(file, text);
    return `imports of ${RUNTIME_PACKAGE} made relative in ${plan.rewrites.length} file(s): ${plan.rewrites.map((r) => r.file).join(', ')}`;
  },
});

/** package.json without the runtime dependency, with what the copy needs (ejectPackage). */
function ejectPackageStep(plan: EjectPlan): Step {
  let changes: string[] = [];
  return steps.editJson({
    file: 'package.json',
    schema: packageJsonSchema,
    ifMissing: { refuse: (shown) => `${shown} is missing: this does not look like a generated server` },
    edit(pkg) {
      changes = ejectPackage(pkg, plan.ejection);
      if (!changes.length) return { unchanged: 'package.json: nothing to change' };
    },
    summary: () => changes.map((change) => `package.json: ${change}`).join('\n'),
  });
}

const recordEjection = (plan: EjectPlan): Step => ({
  name: 'recordEjection',
  async run({ tree }) {
    await tree.write(MANIFEST, plan.manifest);
    return `${MANIFEST}: ejected (npx plop update keeps the imports relative and the dependency out)`;
  },
});

export const ejectGenerator = defineGenerator({
  name: 'eject',
  description: `copy the runtime's source into this server and import it from there, instead of ${RUNTIME_PACKAGE}`,
  target: 'repo',
  questions: [
    question({
      name: 'dir',
      message: 'Folder for the runtime source',
      flagOnly: true,
      default: () => DEFAULT_DIR,
      help: `where the runtime's src/ is copied (default ${DEFAULT_DIR}): a new folder under src/, so the build includes it`,
      check: (value) =>
        /^src\/[A-Za-z0-9._/-]+$/.test(String(value)) && !String(value).split('/').includes('..')
          ? undefined
          : `--dir ${String(value)}: a folder under src/, e.g. ${DEFAULT_DIR}`,
      parse: text,
    }),
  ],
  plan: (answers, { dest, manifest }) => planEject(answers, path.resolve(dest), manifest),
  summary: (plan) => `eject ${RUNTIME_PACKAGE}@${plan.ejection.version} into ${plan.ejection.dir}/`,
  steps: (plan) => [copyRuntime(plan), rewriteRepo(plan), ejectPackageStep(plan), recordEjection(plan)],
  // Not a run: update must not replay it (its renders get the recorded ejection applied instead).
  record: () => null,
  nextSteps: (plan) =>
    [
      `ejected: the runtime is yours in ${plan.ejection.dir}/. Next:`,
      `  npm install                   # drops ${RUNTIME_PACKAGE}, installs what the copy needs`,
      '  npm test',
    ].join('\n'),
});

// What update uses of this one: the ejection record applied to its renders, and the runtime's files it names.
export {
  applyEjection,
  codeFiles,
  exportSource,
  isCodeFile,
  RUNTIME_PACKAGE,
  type RuntimePackageJson,
} from './ejection.js';
