// Flags every command that finds servers shares.
import { InvalidArgumentError, type Command } from 'commander';
import type { DiscoverOptions } from '../discover.js';

export interface DiscoveryFlags {
  path?: string[];
}

export const withDiscoveryFlags = (command: Command): Command =>
  command.option(
    '--path <folder>',
    'also look in this folder (a server folder, or a folder of them); repeatable',
    (value: string, previous: string[] = []) => [...previous, value],
  );

export const discoveryOptions = (flags: DiscoveryFlags): DiscoverOptions => ({ paths: flags.path ?? [] });

/** `--timeout` in ms: a positive integer. */
export function parseTimeout(value: string): number {
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms <= 0)
    throw new InvalidArgumentError('It must be a positive whole number of milliseconds.');
  return ms;
}
