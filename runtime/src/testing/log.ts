// The log lines a test expects (the runtime's log writes one to stderr for every failed call, as it should),
// captured and returned instead of printed: a green `npm test` prints no warnings, and the test asserts them like
// any other output. A line nobody expected still prints (only what `run` writes is captured). No jest spy: this
// entry also loads outside a test runner (`npm run demo` starts the fake upstream from it).

/** Runs `run` with stderr captured; returns its result and the lines it wrote to stderr. */
export async function captureLog<T>(run: () => Promise<T>): Promise<[T, string[]]> {
  const lines: string[] = [];
  const write = process.stderr.write;
  process.stderr.write = (chunk: string | Uint8Array, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    lines.push(...text.split('\n').filter((line) => line !== ''));
    const callback = rest.find((arg) => typeof arg === 'function');
    if (callback) queueMicrotask(() => (callback as () => void)());
    return true;
  };
  try {
    return [await run(), lines];
  } finally {
    process.stderr.write = write;
  }
}
