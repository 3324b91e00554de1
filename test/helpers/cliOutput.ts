// What a person reads from a command: stdout and stderr, with colour codes removed. CI terminals
// may force colour (plop's chalk honours FORCE_COLOR / CI detection), and the tests compare text.
import { stripVTControlCharacters } from 'node:util';

export const plainOutput = (out: { stdout: string; stderr: string }): string =>
  stripVTControlCharacters(`${out.stdout}\n${out.stderr}`);

export const errorLines = (out: { stdout: string; stderr: string }): string[] =>
  plainOutput(out)
    .split('\n')
    .filter((line) => line.includes('ERROR') || line.includes('✖'));
