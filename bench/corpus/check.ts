// One corpus spec through the whole path a user takes: `npx plop server --openapi <spec>` (in
// process), the generated repo's type-check, and its own unit tests (one nock test per tool, the
// auth and runtime tests). Generated repos share one installed node_modules (a symlink: they all
// have the same dependencies), and their unit tests run together in one jest process (jest
// `--projects`: each repo keeps its own config and files; only the process is shared).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import nodePlop from 'node-plop';
import { FACTORY_ROOT } from '../../engine/paths.js';
import { useLocalRuntime } from '../../scripts/runtimeTarball.js';

const run = promisify(execFile);
const quietEnv = () => ({ ...process.env, NODE_OPTIONS: '', FORCE_COLOR: '0', NO_COLOR: '1' });

export type Stage = 'generate' | 'typecheck' | 'tests';

export interface SpecResult {
  spec: string;
  operations: number;
  /** The first stage that failed, if any. */
  failed?: Stage;
  /** One line saying why (the generator's message, the first compiler error, the first failed test). */
  reason?: string;
  repo?: string;
  tools?: number;
}

/** Generated repos' own folder names: a short kebab-case name from the spec path. */
export function repoName(spec: string, index: number): string {
  const base = spec
    .replace(/\.json$/, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return `c${index}-${base || 'spec'}`;
}

/** A plain rest server, installed once: its node_modules is linked into every generated repo. */
export async function sharedNodeModules(parent: string): Promise<string> {
  await useLocalRuntime(); // the servers depend on this checkout's runtime, packed as a user gets it
  const plop = await nodePlop(path.join(FACTORY_ROOT, 'plopfile.ts'), { destBasePath: parent, force: false });
  const { failures } = await plop
    .getGenerator('server')
    .runActions({ name: 'corpus-shared', preset: 'rest', baseUrl: 'https://api.example.com' });
  if (failures.length) throw new Error(`could not generate the shared server: ${JSON.stringify(failures[0])}`);
  const repo = path.join(parent, 'corpus-shared');
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], {
    cwd: repo,
    env: quietEnv(),
    maxBuffer: 64 * 1024 * 1024,
  });
  return path.join(repo, 'node_modules');
}

const firstLine = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .find(Boolean) ?? '';

/** `server --openapi` on one spec; the repo gets the shared node_modules. */
export async function generate(
  specFile: string,
  parent: string,
  name: string,
  nodeModules: string,
): Promise<Pick<SpecResult, 'failed' | 'reason' | 'repo' | 'tools'>> {
  try {
    const plop = await nodePlop(path.join(FACTORY_ROOT, 'plopfile.ts'), { destBasePath: parent, force: false });
    const { failures } = await plop.getGenerator('server').runActions({ name, preset: 'rest', openapi: specFile });
    if (failures.length) {
      const failure = failures[0] as { error?: string; message?: string };
      return { failed: 'generate', reason: firstLine(String(failure.error ?? failure.message ?? 'failed')) };
    }
  } catch (error) {
    return { failed: 'generate', reason: firstLine(error instanceof Error ? error.message : String(error)) };
  }
  const repo = path.join(parent, name);
  fs.symlinkSync(nodeModules, path.join(repo, 'node_modules'), 'dir');
  const manifest = JSON.parse(fs.readFileSync(path.join(repo, '.mcp-factory.json'), 'utf8'));
  // The spec's tools: the openapi generator's run that `server --openapi` composes.
  const spec = (manifest.runs ?? []).find((run: { generator?: string }) => run.generator === 'openapi');
  const tools = (spec?.answers?.tools ?? []).length;
  return { repo, tools };
}

/**
 * `tsc --noEmit` over several repos in one program (a tsconfig in their parent folder that extends
 * the first repo's and includes every repo's src and test): the repos share their dependencies'
 * types, which are most of a check's time, and each error is reported against the repo of its
 * file. Honest as long as the repos have the same compiler options and declare nothing global,
 * which generated servers do not. Returns the first error line of each failing repo.
 */
/**
 * Each repo type-checked as its own program, as its `tsc --noEmit` would (one program for several repos would merge
 * their declarations: each server adds its own fields to the runtime's ServerConfig). The programs share one
 * compiler host whose parsed files outside the repos (lib, node_modules: the same for all) are parsed once, which
 * is what made one program for a batch fast. Returns the first error of each repo that has one.
 */
export async function typecheckAll(repos: string[], nodeModules: string, parent: string): Promise<Map<string, string>> {
  const failures = new Map<string, string>();
  if (!repos.length) return failures;
  const link = path.join(parent, 'node_modules'); // `types: ["node", "jest"]` resolve from here too
  if (!fs.existsSync(link)) fs.symlinkSync(nodeModules, link, 'dir');
  // The TypeScript the generated repos install (their tsc), not the factory's.
  const ts: typeof import('typescript') = createRequire(path.join(nodeModules, 'typescript', 'package.json'))(
    './lib/typescript.js',
  );
  const shared = new Map<string, import('typescript').SourceFile | undefined>();
  for (const repo of repos) {
    try {
      const { config, error } = ts.readConfigFile(path.join(repo, 'tsconfig.json'), ts.sys.readFile);
      if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, ' '));
      const parsed = ts.parseJsonConfigFileContent(config, ts.sys, repo);
      const host = ts.createCompilerHost(parsed.options);
      const parse = host.getSourceFile.bind(host);
      host.getSourceFile = (file, language, onError, create) => {
        if (file.startsWith(`${repo}${path.sep}`)) return parse(file, language, onError, create);
        const key = `${file}\0${typeof language === 'object' ? language.languageVersion : language}`;
        if (!shared.has(key)) shared.set(key, parse(file, language, onError, create));
        return shared.get(key);
      };
      const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options, host });
      const [first] = ts.getPreEmitDiagnostics(program).filter((d) => d.category === ts.DiagnosticCategory.Error);
      if (!first) continue;
      const message = ts.flattenDiagnosticMessageText(first.messageText, ' ');
      if (first.file && first.start !== undefined) {
        const { line, character } = first.file.getLineAndCharacterOfPosition(first.start);
        const where = `${path.relative(parent, first.file.fileName)}(${line + 1},${character + 1})`;
        failures.set(repo, `${where}: error TS${first.code}: ${message}`);
      } else {
        failures.set(repo, `error TS${first.code}: ${message}`);
      }
    } catch (error) {
      failures.set(repo, firstLine(error instanceof Error ? error.message : String(error)));
    }
  }
  return failures;
}

/** A jest failure in one line: the matcher and what it received (enough to tell the failure class). */
const gist = (message: string) =>
  message
    .replace(/\u001b\[[0-9;]*m/g, '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('at '))
    .slice(0, 4)
    .join(' / ');

interface JestJson {
  testResults: Array<{
    name: string;
    status: string;
    message: string;
    assertionResults: Array<{ status: string; fullName: string; failureMessages: string[] }>;
  }>;
}

/**
 * The unit tests (test/unit) of several repos in one jest process; for each repo, undefined when
 * every test passed (and there was at least one), else the first failure in one line.
 */
export async function unitTests(repos: string[], nodeModules: string, out: string): Promise<Map<string, string>> {
  const failures = new Map<string, string>();
  if (!repos.length) return failures;
  const report = path.join(out, `jest-${Date.now()}.json`);
  try {
    await run(
      process.execPath,
      [
        path.join(nodeModules, 'jest/bin/jest.js'),
        '--projects',
        ...repos,
        '--testPathPatterns',
        '/test/unit/',
        '--json',
        '--outputFile',
        report,
        '--maxWorkers=2',
        '--silent',
      ],
      {
        cwd: out,
        env: { ...quietEnv(), NODE_OPTIONS: '--experimental-vm-modules' },
        maxBuffer: 256 * 1024 * 1024,
        timeout: 30 * 60_000,
      },
    );
  } catch {
    /* failures are read from the report below */
  }
  const json: JestJson | undefined = fs.existsSync(report)
    ? (JSON.parse(fs.readFileSync(report, 'utf8')) as JestJson)
    : undefined;
  for (const repo of repos) {
    const files = json?.testResults.filter((r) => r.name.startsWith(`${repo}${path.sep}`)) ?? [];
    const failed = files.find((f) => f.status !== 'passed');
    if (!files.length) failures.set(repo, 'no unit test ran');
    else if (failed) {
      const assertion = failed.assertionResults.find((a) => a.status === 'failed');
      const message = assertion
        ? `${assertion.fullName.length > 100 ? `${assertion.fullName.slice(0, 97)}...` : assertion.fullName}: ${gist(assertion.failureMessages.join('\n'))}`
        : firstLine(failed.message);
      failures.set(repo, `${path.relative(repo, failed.name)}: ${message}`.slice(0, 400));
    }
  }
  return failures;
}

/** Type-checks a chunk's generated repos (a program per repo, sharing parsed files) and runs their unit tests (one jest process). */
export async function checkResults(
  results: SpecResult[],
  nodeModules: string,
  parent: string,
  tested: boolean,
  say: (text: string) => void,
): Promise<void> {
  const withRepo = () =>
    results.flatMap((result) => (result.repo && !result.failed ? [{ result, repo: result.repo }] : []));
  const generated = withRepo();
  const errors = await typecheckAll(
    generated.map((g) => g.repo),
    nodeModules,
    parent,
  );
  for (const { result, repo } of generated) {
    const error = errors.get(repo);
    if (error) Object.assign(result, { failed: 'typecheck', reason: error });
    if (error) say(`  ${result.spec}: typecheck: ${error}`);
  }
  if (!tested) return;
  const ready = withRepo();
  const failures = await unitTests(
    ready.map((g) => g.repo),
    nodeModules,
    parent,
  );
  for (const { result, repo } of ready) {
    const reason = failures.get(repo);
    if (reason) Object.assign(result, { failed: 'tests', reason });
    if (reason) say(`  ${result.spec}: tests: ${reason}`);
  }
}
