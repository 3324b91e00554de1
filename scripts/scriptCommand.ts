// The command line of the checkout's npm scripts (`npm run bench -- --help`, `npm run bench:corpus -- --count 200`):
// commander, as the demo and the `mcp-factory` CLI use it. `--help` prints the usage, exit 0; a flag the script does
// not know, or a value it cannot use, is one `[ERROR]` line naming --help, exit 1, before the script makes anything.
import { Command, CommanderError, InvalidArgumentError, Option, type OptionValues } from 'commander';
import { oneLine } from '../cli/errors.js';

/** `npm run <script> --` with its description and the one-line error; the caller adds its options. */
export function scriptCommand(script: string, description: string): Command {
  return new Command(`npm run ${script} --`)
    .description(description)
    .allowExcessArguments(false)
    .exitOverride()
    .configureOutput({
      outputError: (text, write) =>
        write(`[ERROR] ${oneLine(text.replace(/^error: /, ''))} (see \`npm run ${script} -- --help\`)\n`),
    });
}

/**
 * The flags in `argv` (by default the process's own), parsed by `command`. Commander has printed the usage (--help)
 * or the error line before it throws: the process then ends, exit 0 or 1.
 */
export function parseScript<T extends OptionValues>(command: Command, argv = process.argv.slice(2)): T {
  try {
    command.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) process.exit(error.exitCode);
    throw error;
  }
  return command.opts<T>();
}

/** An option's value as a whole number of at least `min` (commander names the option in its error line). */
export const wholeNumber =
  (min = 0) =>
  (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min)
      throw new InvalidArgumentError(`a whole number${min > 0 ? ` of at least ${min}` : ''} is needed`);
    return n;
  };

/** A bench's `--quick`: `shorter` says what it cuts. */
export const quickOption = (shorter = 'fewer rounds and calls') =>
  new Option('--quick', `a smoke run that everything works (${shorter}): not figures to publish`);

/** A bench's `--keep`: what it leaves in place, the temp folder of its builds by default. */
export const keepOption = (what = 'the temp folder of the builds') =>
  new Option('--keep', `keep ${what} (the path is printed)`);

/** The flags of a bench that takes `--quick` and `--keep` and nothing else, parsed as parseScript does. */
export const parseQuickKeep = (script: string, description: string, shorter?: string) =>
  parseScript<{ quick?: boolean; keep?: boolean }>(
    scriptCommand(script, description).addOption(quickOption(shorter)).addOption(keepOption()),
  );
