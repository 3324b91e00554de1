// What plop's command line does around a generator run that a person should not see, fixed from the
// inside (plop has no option for either; its `--no-progress` is not parsed as false):
//   - its progress spinner (nanospinner) prints a bare `- ` line each time it starts when stdout is
//     not a terminal (CI, a pipe, a log file): the spinner is not started there, so only the result
//     lines remain;
//   - Ctrl-C at a prompt: inquirer 9 closes the prompt and sends the process SIGINT, but with the
//     prompt closed nothing is left to do and the process ends (exit code 0) before the signal is
//     handled: the factory sees the Ctrl-C key itself (any readline prompt: the generator list too)
//     and exits 130, as a shell expects of an interrupted command; so does a SIGINT (Ctrl-C while
//     files are written).
// Only a process started by plop's launcher is touched (not node-plop used as a library: tests, replays).
import fs from 'node:fs';
import path from 'node:path';
import tty from 'node:tty';
import { pathToFileURL } from 'node:url';

/** The exit code of a command interrupted by Ctrl-C (128 + SIGINT). */
export const INTERRUPTED = 130;

/** plop's launcher (…/plop/bin/plop.js) when it is what this process runs, else undefined. */
export function plopLauncher(argv = process.argv): string | undefined {
  if (!argv[1]) return undefined;
  try {
    const script = fs.realpathSync(argv[1]);
    return /[\\/]plop[\\/]bin[\\/]plop\.js$/.test(script) ? script : undefined;
  } catch {
    return undefined;
  }
}

/** nanospinner's own test: it animates in place only then, and otherwise prints each frame as a line. */
const spinnerAnimates = () => tty.isatty(1) && process.env.TERM !== 'dumb' && !('CI' in process.env);

interface Spinner {
  start(): Spinner;
}

let adapted: Promise<void> | undefined;

/** Adapts this process when plop's launcher runs it (once; later calls return the same promise). */
export function adaptPlopCli(): Promise<void> {
  adapted ??= adapt();
  return adapted;
}

async function adapt(): Promise<void> {
  const launcher = plopLauncher();
  if (!launcher) return;
  const interrupted = () => process.exit(INTERRUPTED);
  process.on('SIGINT', interrupted);
  // Prompts read the terminal in raw mode, where Ctrl-C is a key (readline emits it as a keypress on
  // stdin): exit once the prompt has closed itself and given the terminal back (after this event).
  if (tty.isatty(0)) {
    process.stdin.on('keypress', (_text: string, key?: { ctrl?: boolean; name?: string }) => {
      if (key?.ctrl && key.name === 'c') setImmediate(interrupted);
    });
  }
  if (spinnerAnimates()) return;
  // The launcher's own module instance (same file, so the same module): plop exports its spinner.
  const cli: { progressSpinner?: Spinner } = await import(
    pathToFileURL(path.join(path.dirname(launcher), '../src/plop.js')).href
  );
  const spinner = cli.progressSpinner;
  if (spinner && typeof spinner.start === 'function') spinner.start = () => spinner;
}
