// Values written into generated TypeScript as literals (strings in single quotes, like prettier's layout), shared by
// every generator's template data.
/** A TypeScript string literal in single quotes. */
export function q(value: string): string {
  return `'${JSON.stringify(value).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

/** A TypeScript literal for sample values (objects, arrays, strings, numbers, booleans). */
export function literal(value: unknown): string {
  if (typeof value === 'string') return q(value);
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return entries.length === 0 ? '{}' : `{ ${entries.map(([k, v]) => `${k}: ${literal(v)}`).join(', ')} }`;
  }
  return String(value);
}
