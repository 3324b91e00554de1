// A value a test needs present: returned as is, or a failure naming what was missing (instead of a non-null
// assertion, which would let the test go on with undefined and fail later, somewhere less clear).
export function defined<T>(value: T | null | undefined, what: string): T {
  if (value === undefined || value === null) throw new Error(`expected ${what}, got ${String(value)}`);
  return value;
}
