// `mcp-factory`: discover, inspect, call, configure, bundle and health-check MCP servers.
// Every failure is one line on stderr; exit 2 for bad usage, 1 for a failed run (see errors.ts).
// Commands load the MCP client, ajv and the bundle library when they run, not at start: each module
// loaded costs start-up time, and `list` or `config` need none of them (compiled, the modules they load are
// chunks of their own beside dist/cli.js: engine/compiled.mjs).
import fs from 'node:fs';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { FACTORY_ROOT } from '../engine/paths.js';
import { CliError, oneLine } from './errors.js';
import { bundleCommand } from './commands/bundle.js';
import { callCommand } from './commands/call.js';
import { configCommand } from './commands/config.js';
import { doctorCommand } from './commands/doctor.js';
import { listCommand } from './commands/list.js';
import { toolsCommand } from './commands/tools.js';

// From the factory's root, not from beside this module: the CLI also runs compiled, from dist/ (engine/compiled.mjs).
const version = (): string => {
  const pkg = path.join(FACTORY_ROOT, 'package.json');
  return (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { version: string }).version;
};

export function buildProgram(): Command {
  const program = new Command('mcp-factory')
    .description('discover, inspect, call, configure and health-check the MCP servers on this machine')
    .version(version())
    .showSuggestionAfterError()
    .addHelpText(
      'after',
      [
        '',
        'Servers are found from metadata only (package.json mcpName + server.json): the catalog of servers',
        '`npx plop server` generated (MCP_FACTORY_HOME overrides its folder), the current project and its',
        'node_modules, the global npm root, and --path folders. <server> is a package name or mcpName, or a',
        'unique prefix of one.',
        'Exit codes: 0 ok; 1 a failed run (a server that does not start or answer, an isError result, a',
        'failed doctor check); 2 bad usage (unknown server, tool, option or argument; nothing was run).',
      ].join('\n'),
    )
    .exitOverride();
  listCommand(program);
  toolsCommand(program);
  callCommand(program);
  configCommand(program);
  doctorCommand(program);
  bundleCommand(program);
  // commander's own usage errors (unknown option, missing argument) are one line too, exit 2.
  const configure = (cmd: Command) => {
    cmd.exitOverride().configureOutput({
      outputError: (text, write) =>
        write(
          `mcp-factory: ${text
            .replace(/^error: /, '')
            .trim()
            .split('\n')
            .join(' ')}\n`,
        ),
    });
    cmd.commands.forEach(configure);
  };
  configure(program);
  return program;
}

export async function run(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return error.exitCode === 0 ? 0 : 2;
    }
    const code = error instanceof CliError ? error.exitCode : 1;
    process.stderr.write(`mcp-factory: ${oneLine(error)}\n`);
    return code;
  }
}
