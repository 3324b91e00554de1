// Step-by-step output for long-running work: a numbered step, a ticking elapsed time while it runs
// (only on a terminal), and the time it took.
export interface Step {
  done(detail?: string): void;
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
  return {
    done(detail) {
      if (timer) clearInterval(timer);
      process.stdout.write(`${tty ? '\r' : ''}✔ ${label} (${seconds()} s)${detail ? ` — ${detail}` : ''}\n`);
    },
  };
}
