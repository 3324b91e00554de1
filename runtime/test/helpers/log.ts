// The log lines a test expects (src/log.ts writes one to stderr for every failed call, as it should), captured
// and returned instead of printed: a green `npm test` prints no warnings, and the test asserts them like any
// other output. A line nobody expected still prints (only what `run` writes is captured).
import { jest } from '@jest/globals';

/** Runs `run` with stderr captured; returns its result and the lines it wrote to stderr. */
export async function captureLog<T>(run: () => Promise<T>): Promise<[T, string[]]> {
  const lines: string[] = [];
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    lines.push(...text.split('\n').filter((line) => line !== ''));
    return true;
  });
  try {
    return [await run(), lines];
  } finally {
    spy.mockRestore();
  }
}
