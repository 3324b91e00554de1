// stdout belongs to JSON-RPC: one stray console.log from our code or a dependency corrupts the
// stream and the client drops the connection. This module is imported first by index.ts, so every
// console method that would print to stdout prints to stderr instead, before anything else loads.
import { format } from 'node:util';

const toStderr = (...args: unknown[]) => {
  process.stderr.write(`${format(...args)}\n`);
};

for (const method of ['log', 'info', 'debug', 'trace', 'warn', 'dir', 'table'] as const) {
  (console as unknown as Record<string, unknown>)[method] = toStderr;
}
