// Step-by-step output for long-running work: a numbered step, a ticking elapsed time while it runs
// (only on a terminal), and the time it took, or a cross when it failed.
export interface Step {
  done(detail?: string): void;
  fail(): void;
}

let counter = 0;

export function step(title: string): Step {
  counter += 1;
  const label = `${counter}. ${title}`;
  const started = Date.now();
  const tty = Boolean(process.stdout.isTTY);
  const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
  let frame = 0;
  const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
  const timer = tty
    ? setInterval(() => process.stdout.write(`\r${frames[frame++ % frames.length]} ${label} (${seconds()} s)`), 100)
    : undefined;
  if (!tty) process.stdout.write(`… ${label}\n`);
  const end = (mark: string, detail?: string) => {
    if (timer) clearInterval(timer);
    process.stdout.write(`${tty ? '\r' : ''}${mark} ${label} (${seconds()} s)${detail ? ` — ${detail}` : ''}\n`);
  };
  return { done: (detail) => end('✔', detail), fail: () => end('✖') };
}

/** A step that failed: its title, and the first line of what went wrong. */
export class StepError extends Error {
  constructor(title: string, reason: string) {
    super(`${title}: ${reason}`);
  }
}

/** Runs `work` as a step; `detail` says what it produced. A failure is a StepError naming the step. */
export async function runStep<T>(
  title: string,
  work: () => Promise<T>,
  detail?: (result: T) => string | undefined,
  reason: (error: unknown) => string = (error) => (error instanceof Error ? error.message : String(error)),
): Promise<T> {
  const s = step(title);
  let result: T;
  try {
    result = await work();
  } catch (error) {
    s.fail();
    throw new StepError(title, reason(error));
  }
  s.done(detail?.(result));
  return result;
}
