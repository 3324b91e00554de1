// The file HTTP mode changes in an existing repo besides its entry: scripts/build.mjs (the second bundle,
// dist/http.js). It is replaced only while it is still exactly the version the factory generated just before
// HTTP mode (checked by content hash), so a user's edit is never overwritten: an edited file is refused with
// one line saying what to add by hand. An entry from before HTTP mode is not upgraded here: the runtime's entry
// (`@mcp-factory/runtime/main`) serves HTTP mode, and `npx plop update` moves a server onto it (see ENTRY_SERVES_HTTP). Servers generated since the build moved into the runtime
// (mcp-factory-build, which bundles dist/http.js whenever src/http/main.ts exists) have no
// scripts/build.mjs; a pre-HTTP one is replaced by the runtime's build: the scripts go, package.json's
// build calls the bin.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { packageJsonSchema } from '../../engine/actions/editJson.js';
import { steps, type Step, type StepContext } from '../../engine/actions/index.js';

/** What the file looks like once upgraded (a line only the HTTP-mode version has). */
interface UpgradableFile {
  path: string;
  upgradedWhen: string;
  /** sha256 of the generated versions that may be replaced. */
  replaceable: readonly string[];
  /** sha256 of versions from an older factory whose other files the HTTP code does not fit (no src/extras.ts). */
  older?: readonly string[];
  byHand: string;
  /** Absent in newer servers: nothing to upgrade then. */
  optional?: boolean;
  /** What replaces a replaceable version (default: the template of the same path). */
  replace?: (ctx: StepContext) => Promise<void>;
}

/** The build scripts a server had before the build moved into the runtime (mcp-factory-build). */
const BUILD_SCRIPTS = ['scripts/build.mjs', 'scripts/lazySdkShims.mjs', 'scripts/lazySdkShimsPlugin.mjs'];

/** package.json's build calls the runtime's bin; the copied build scripts go. */
async function useRuntimeBuild(ctx: StepContext): Promise<void> {
  await steps
    .editJson({
      file: 'package.json',
      schema: packageJsonSchema,
      ifMissing: { refuse: (shown) => `${shown} is missing: this does not look like a generated server` },
      edit(pkg) {
        pkg.scripts = { ...pkg.scripts, build: 'tsc -p tsconfig.build.json && mcp-factory-build' };
      },
      summary: (changed) => `package.json: build ${changed ? 'runs' : 'already runs'} mcp-factory-build`,
    })
    .run(ctx);
  for (const file of BUILD_SCRIPTS) if (ctx.tree.read(file) !== undefined) ctx.tree.remove(file);
}

export const UPGRADABLE: readonly UpgradableFile[] = [
  {
    path: 'scripts/build.mjs',
    upgradedWhen: 'http-bundle-apart',
    replaceable: ['f0c85e10a8a9a754b8330b9e68912c8b1c07157f90ba86b9ba38dc7a891b3919'],
    byHand: "bundle src/http.ts into dist/http.js and keep index.js's import of ./http.js external",
    optional: true,
    replace: useRuntimeBuild,
  },
];

/** A src/index.ts that serves HTTP mode: the runtime's entry, or the earlier entry with its --http branch. */
export const ENTRY_SERVES_HTTP = ["from '@mcp-factory/runtime/main'", "from '@mcp-factory/runtime/http-mode'"];

/** A refusal line unless the repo's src/index.ts serves HTTP mode. */
export function entryProblem(entry: string | undefined): string | undefined {
  if (entry === undefined) return 'src/index.ts is missing: this does not look like a generated server';
  if (ENTRY_SERVES_HTTP.some((line) => entry.includes(line))) return undefined;
  return "src/index.ts predates HTTP mode: run `npx plop update` first (it moves the server onto the runtime's entry, which serves HTTP mode), then run again";
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A refusal line when `file` in the repo can be neither kept (already upgraded) nor replaced; else undefined. */
export function upgradeProblem(file: UpgradableFile, current: string | undefined): string | undefined {
  if (current === undefined) {
    return file.optional ? undefined : `${file.path} is missing: this does not look like a generated server`;
  }
  if (current.includes(file.upgradedWhen) || file.replaceable.includes(sha256(current))) return undefined;
  if (file.older?.includes(sha256(current))) {
    return `${file.path} comes from an older factory version (before src/extras.ts), whose src/server.ts the HTTP code does not fit: generate a new server with \`npx plop server\` and move your tools over`;
  }
  return `${file.path} was edited or comes from another factory version: ${file.byHand}, then run again`;
}

/** Replaces the file with the template `server/files/<path>` (found through the asset layers). */
export function upgradeStep(file: UpgradableFile): Step {
  return {
    name: `upgrade ${file.path}`,
    async run(ctx) {
      const { tree, assets } = ctx;
      const current = tree.read(file.path);
      const problem = upgradeProblem(file, current);
      if (problem) throw new Error(problem);
      if (current === undefined) return `${file.path}: none (the runtime's build bundles HTTP mode)`;
      if (current.includes(file.upgradedWhen)) return `${file.path}: already serves HTTP mode`;
      if (file.replace) {
        await file.replace(ctx);
        return `${file.path}: replaced by the runtime's build (mcp-factory-build), which bundles HTTP mode`;
      }
      const template = assets.templateFiles('server/files').get(file.path);
      if (!template) throw new Error(`template server/${file.path} not found`);
      await tree.write(file.path, fs.readFileSync(template, 'utf8'), false);
      return `${file.path}: HTTP mode added`;
    },
  };
}
