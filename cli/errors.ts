// The CLI's two kinds of failure, each one line on stderr and an exit code a script can rely on:
// 2 for usage (bad input, unknown server or tool: nothing was run), 1 for a failure of the run itself
// (a server that does not start or answer, a tool result with isError, a doctor check that fails).
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
  }
}

/** Bad input: exit 2. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, 2);
  }
}

/** The first line of any error's message, for the one-line report. */
export function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0].trim();
}
