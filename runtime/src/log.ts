// Logs go to stderr (stdout carries JSON-RPC only), one line each, with secrets redacted. A server names
// itself and sets the level once (its src/log.ts calls configureLog); the runtime's modules log through
// the same `log`.
import { redact } from './secrets.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

const isLevel = (value: string): value is LogLevel => Object.hasOwn(order, value);

let name = 'mcp-server';
let threshold = order.info;

/** `level` as read from the environment: an unknown value keeps `info`. */
export function configureLog(options: { name: string; level?: string }): void {
  name = options.name;
  threshold = options.level !== undefined && isLevel(options.level) ? order[options.level] : order.info;
}

function write(level: LogLevel, message: string): void {
  if (order[level] < threshold) return;
  process.stderr.write(`[${name}] ${level}: ${redact(message)}\n`);
}

export const log = {
  debug: (message: string) => write('debug', message),
  info: (message: string) => write('info', message),
  warn: (message: string) => write('warn', message),
  error: (message: string) => write('error', message),
};
