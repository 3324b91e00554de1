// The demo's command line and steps. Kept apart from scripts/demo.ts so it can be tested and reused.
//
// Every flag and folder is checked before the first step or folder exists; a bad one is one `[ERROR]` line
// and exit 1. The server is generated with the factory's own catalog pointed at a temporary folder
// (MCP_FACTORY_HOME for this run, removed at the end): a throwaway demo server never lands in the user's
// catalog. On any failure, or Ctrl-C, the folder the demo made is removed.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import type { ProcessOutput, ProcessPromise } from 'zx';
import { oneLine } from '../../cli/errors.js';
import { presetIds, presets, type PresetId } from '../../engine/contract/presets.js';
import { runStep } from './progress.js';
import { tempDir, FACTORY_ROOT } from './paths.js';
import type { ToolExample } from '../../runtime/src/defineTool.js';

/**
 * What the steps use, loaded once the flags are checked: `--help` or a bad flag answers without loading plop, zx,
 * the MCP client and the runtime's fake upstream (through tsx, most of the demo's start).
 */
const loadSteps = async () => {
  const [plop, zx, client, stdio, runtimeTarball, fakeUpstream] = await Promise.all([
    import('node-plop'),
    import('zx'),
    import('@modelcontextprotocol/client'),
    import('@modelcontextprotocol/client/stdio'),
    import('../../scripts/runtimeTarball.js'),
    // The fake upstream the server's tests use (@mcp-factory/runtime/testing), from the runtime's source.
    import('../../runtime/src/testing/fakeUpstream.js'),
  ]);
  return {
    nodePlop: plop.default,
    $: zx.$,
    ProcessOutput: zx.ProcessOutput,
    Client: client.Client,
    StdioClientTransport: stdio.StdioClientTransport,
    useLocalRuntime: runtimeTarball.useLocalRuntime,
    startExampleUpstream: fakeUpstream.startExampleUpstream,
  };
};

export interface DemoOptions {
  preset: PresetId;
  /** The folder the server is generated in (as <dir>/demo-<preset>); a new temp folder when absent. */
  dir?: string;
}

/** Bad input found before anything ran. */
class DemoUsageError extends Error {}

export function demoCommand(): Command {
  return new Command('npm run demo --')
    .description(
      'Shows the whole product with no API key: generates an MCP server from a preset, installs and builds ' +
        "it, starts a fake upstream API on 127.0.0.1 and calls the server's tool through the official MCP " +
        'client over stdio, printing each step and the answer.',
    )
    .addOption(
      new Option('--preset <id>', 'the upstream API the server wraps').choices(presetIds).default('perplexity'),
    )
    .option('--dir <parent>', 'generate into <parent>/demo-<preset> instead of a new temp folder')
    .addHelpText(
      'after',
      [
        '',
        'On success the server is kept and its folder printed (`cd` there and `npm test`).',
        'On a failure or Ctrl-C the folder the demo made is removed.',
        'The server is registered in a temporary catalog, removed at the end: never in',
        'the `mcp-factory` catalog of your machine.',
      ].join('\n'),
    )
    .allowExcessArguments(false)
    .exitOverride()
    .configureOutput({
      outputError: (text, write) =>
        write(`[ERROR] ${oneLine(text.replace(/^error: /, ''))} (see \`npm run demo -- --help\`)\n`),
    });
}

/** Parses the demo's flags. --help (printed) and bad flags (reported) throw commander's CommanderError. */
export function parseDemoArgs(argv: string[]): DemoOptions {
  const command = demoCommand();
  command.parse(argv, { from: 'user' });
  const opts = command.opts<{ preset: PresetId; dir?: string }>();
  return { preset: opts.preset, ...(opts.dir === undefined ? {} : { dir: opts.dir }) };
}

/** Where the server goes, and what to remove on a failure; refuses a --dir it cannot use, creating nothing. */
function planFolders(options: DemoOptions): { parent: string | undefined; repo: (parent: string) => string } {
  const name = `demo-${options.preset}`;
  if (options.dir === undefined) return { parent: undefined, repo: (parent) => path.join(parent, name) };
  const parent = path.resolve(options.dir);
  if (fs.existsSync(parent) && !fs.statSync(parent).isDirectory()) {
    throw new DemoUsageError(`--dir ${options.dir} is not a folder`);
  }
  const repo = path.join(parent, name);
  if (fs.existsSync(repo) && (!fs.statSync(repo).isDirectory() || fs.readdirSync(repo).length > 0)) {
    throw new DemoUsageError(`${repo} already exists and is not empty: pass another --dir, or remove it`);
  }
  return { parent, repo: () => repo };
}

/** The first line that says what went wrong in a command's output (npm's `npm error ...`), else its last. */
function commandFailure(error: unknown, ProcessOutputClass: typeof ProcessOutput): string {
  if (!(error instanceof ProcessOutputClass)) return oneLine(error);
  const lines = `${error.stderr}\n${error.stdout}`
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const said = lines.find((l) => /\berror\b/i.test(l) && !/^npm error code\b/.test(l)) ?? lines.at(-1);
  return `exited with ${String(error.exitCode)}${said ? `: ${said}` : ''}`;
}

/** The demo as `npm run demo` runs it: the exit code, every failure one `[ERROR]` line on stderr. */
export async function main(argv: string[]): Promise<number> {
  let options: DemoOptions;
  let plan: ReturnType<typeof planFolders>;
  try {
    options = parseDemoArgs(argv);
    plan = planFolders(options);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 1;
    process.stderr.write(`[ERROR] ${oneLine(error)}\n`);
    return 1;
  }
  // Made below, undone on a failure: the temp parent, or (with --dir) the first folder that did not exist.
  const parent = plan.parent ?? tempDir('mcp-factory-demo-');
  const repo = plan.repo(parent);
  const made = plan.parent === undefined || !fs.existsSync(parent) ? parent : repo;
  const repoWasThere = fs.existsSync(repo); // empty (checked above): emptied again on a failure, not removed
  const home = tempDir('mcp-factory-demo-home-');
  const running = new Set<ProcessPromise>();
  const cleanUp = (failed: boolean) => {
    fs.rmSync(home, { recursive: true, force: true });
    if (!failed) return;
    fs.rmSync(made, { recursive: true, force: true });
    if (repoWasThere) fs.mkdirSync(repo, { recursive: true });
  };
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    // Children first (npm would go on writing into the folder), for at most 5 s, then the folders.
    const stopped = [...running].map(async (child) => {
      await child.kill('SIGTERM').catch(() => undefined);
      await child.catch(() => undefined);
    });
    void Promise.race([Promise.allSettled(stopped), new Promise((resolve) => setTimeout(resolve, 5_000))]).then(() => {
      cleanUp(true);
      process.stderr.write(`[ERROR] stopped by ${signal}; removed ${made}\n`);
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  };
  // `on`, not `once`: a handler must stay while the children stop, or the signal's default exit comes first.
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const before = process.env.MCP_FACTORY_HOME;
  process.env.MCP_FACTORY_HOME = home;
  try {
    await runDemo({ ...options, repo, parent }, (child) => {
      running.add(child);
      return child.finally(() => running.delete(child));
    });
    cleanUp(false);
    return 0;
  } catch (error) {
    if (stopping) return new Promise<number>(() => undefined); // the signal handler reports and exits
    cleanUp(true);
    process.stderr.write(`[ERROR] ${oneLine(error)} (removed ${made})\n`);
    return 1;
  } finally {
    if (before === undefined) delete process.env.MCP_FACTORY_HOME;
    else process.env.MCP_FACTORY_HOME = before;
    // Once stopping, the handlers stay until the exit: a signal relayed again (npm and tsx pass the terminal's on,
    // each in its own time) would otherwise meet the default action and end the process before it cleans up.
    if (!stopping) {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  }
}

/** The steps: generate, install, build, fake upstream, start over stdio, call. Throws a StepError on a failure. */
export async function runDemo(
  { preset, parent, repo }: { preset: PresetId; parent: string; repo: string },
  track: (child: ProcessPromise) => Promise<ProcessOutput>,
): Promise<void> {
  const name = path.basename(repo);
  const { nodePlop, $, ProcessOutput, Client, StdioClientTransport, useLocalRuntime, startExampleUpstream } =
    await loadSteps();
  const failureOf = (error: unknown) => commandFailure(error, ProcessOutput);
  await runStep(
    `generate a ${preset} server with \`plop server\``,
    async () => {
      // The server depends on this checkout's runtime, packed as a user gets it (it is not on the npm registry yet).
      await useLocalRuntime();
      // The factory's package entry (index.js): its generators compiled (engine/compiled.mjs), not its TypeScript
      // through tsx again, which compiled them on every run with a new temp folder (tsx keeps its cache there).
      const plop = await nodePlop(path.join(FACTORY_ROOT, 'index.js'), { destBasePath: parent, force: false });
      const answers: Record<string, unknown> = { name, preset };
      if (preset === 'rest') Object.assign(answers, { baseUrl: 'https://api.example.com', healthPath: '/health' });
      const { failures } = await plop.getGenerator('server').runActions(answers);
      const [failure] = failures;
      if (failure) throw new Error(String(failure.error ?? failure));
    },
    () => repo,
  );

  // npm's errors even under `npm run -s demo` (its loglevel reaches the children): the failure line quotes them.
  // Not the checkout's node-options (tsx's loader for plopfile.ts, which `npm run demo` hands on as
  // npm_config_node_options): the generated repo's install scripts and build run as in the user's own shell.
  const inherited = Object.entries(process.env).filter(([name]) => name.toLowerCase() !== 'npm_config_node_options');
  const env = { ...Object.fromEntries(inherited), NODE_OPTIONS: '', npm_config_loglevel: 'error' };
  const sh = $({ cwd: repo, quiet: true, env });
  await runStep(
    "npm install (the generated repo's own dependencies)",
    () => track(sh`npm install --no-audit --no-fund --prefer-offline`),
    undefined,
    failureOf,
  );
  await runStep('npm run build (TypeScript → dist/)', () => track(sh`npm run build`), undefined, failureOf);

  // The preset's tool carries an example call and the upstream's answer to it (what the server's own tests use).
  const tool = presets[preset].tool;
  const { example } = (await import(pathToFileURL(path.join(repo, `src/tools/${tool}.ts`)).href)) as {
    example: ToolExample;
  };
  const upstream = await runStep(
    'start a fake upstream API on 127.0.0.1',
    async () => startExampleUpstream(example),
    (u) => u.url,
  );

  const prefix = (await import(pathToFileURL(path.join(repo, 'src/config.ts')).href)).ENV_PREFIX as string;
  const client = new Client({ name: 'mcp-factory-demo', version: '1.0.0' });
  try {
    await runStep(
      'start the server on stdio with the official MCP client',
      async () => {
        await client.connect(
          new StdioClientTransport({
            command: process.execPath,
            args: [path.join(repo, 'dist/index.js')],
            env: {
              PATH: process.env.PATH ?? '',
              [`${prefix}_API_KEY`]: 'demo-key-not-real',
              [`${prefix}_BASE_URL`]: upstream.url,
            },
            stderr: 'ignore',
          }),
        );
        return client.listTools();
      },
      (r) => `tools: ${r.tools.map((t) => t.name).join(', ')}`,
    );

    const result = await runStep(
      `call \`${tool}\` ${JSON.stringify(example.arguments)}`,
      () => client.callTool({ name: tool, arguments: example.arguments }),
      () => `upstream saw ${upstream.requests.map((r) => `${r.method} ${r.path}`).join(', ')}`,
    );
    const text = result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
    process.stdout.write(`\nAnswer${result.isError ? ' (error)' : ''}:\n${text.replace(/^/gm, '  ')}\n`);
    if (result.isError) throw new Error(`the \`${tool}\` call returned an error`);
  } finally {
    await client.close();
    await upstream.close();
  }
  process.stdout.write(
    `\nThe server is in ${repo}\n  cd ${repo} && npm test     # its own unit, integration and e2e tests\n` +
      `It is not in your \`mcp-factory\` catalog (the demo used a temporary one): ` +
      `\`mcp-factory list --path ${repo}\` finds it.\n`,
  );
}
