// Every time limit of the factory's tests goes through one scale factor: the number written is what the step
// needs on an idle machine, and the factor stretches them all on a busy one, so a slow machine is slow, not red.
//
// - a test's or hook's timeout: import `it`, `test`, `beforeAll`, … from here instead of @jest/globals; they
//   are jest's own, with the timeout argument scaled (`it(name, fn, 180_000)`, `it.each(table)(name, fn, n)`,
//   `it.only`, …). The literal stays a literal, so prettier keeps the usual layout of a test call.
// - any other limit (a child's `timeout:`, setTimeout, a bound on elapsed time): `scaled(ms)`.
// - the default timeout: test/setupTimeouts.ts.
//
// The factor is MCP_FACTORY_TEST_TIMEOUT_SCALE when set, otherwise it is derived from the load when the
// test file starts: a new process on N cores with L processes already runnable gets about N / (L + 1)
// of a core, so its steps take (L + 1) / N times as long. Never below 1: an idle machine keeps the
// written limits. (os.loadavg() is [0, 0, 0] on Windows: there the factor is 1 unless the variable says.)
import os from 'node:os';
import * as globals from '@jest/globals';

export const TIMEOUT_SCALE_VARIABLE = 'MCP_FACTORY_TEST_TIMEOUT_SCALE';

export interface Machine {
  /** The 1-minute load average (runnable processes). */
  load: number;
  /** The cores this process may use. */
  cores: number;
}

const thisMachine = (): Machine => ({ load: os.loadavg()[0] ?? 0, cores: os.availableParallelism() });

/** The factor every test time limit is multiplied by (at least 1). */
export function timeoutScale(env: NodeJS.ProcessEnv = process.env, machine: Machine = thisMachine()): number {
  const given = env[TIMEOUT_SCALE_VARIABLE];
  if (given !== undefined && given.trim() !== '') {
    const value = Number(given);
    if (!Number.isFinite(value) || value <= 0) {
      throw new Error(`${TIMEOUT_SCALE_VARIABLE} must be a positive number, got "${given}"`);
    }
    return Math.max(1, value);
  }
  return Math.max(1, (machine.load + 1) / Math.max(1, machine.cores));
}

/** Read once per test file (jest loads this module again for each file), when the file starts. */
export const TIMEOUT_SCALE = timeoutScale();

/** `ms` (what the step needs on an idle machine) stretched by the machine's load. */
export const scaled = (ms: number, scale: number = TIMEOUT_SCALE): number => Math.ceil(ms * scale);

/** A test call's arguments with its timeout scaled: a number right after the test or hook function. */
export function withScaledTimeout(args: unknown[], scale: number = TIMEOUT_SCALE): unknown[] {
  const last = args.length - 1;
  const timeout = args[last];
  return last >= 1 && typeof timeout === 'number' && typeof args[last - 1] === 'function'
    ? [...args.slice(0, last), scaled(timeout, scale)]
    : args;
}

// The members through which a test is declared with a timeout (it.only.each(...)(name, fn, ms), …).
const DECLARING = new Set<string | symbol>(['each', 'only', 'skip', 'concurrent', 'failing']);

/**
 * jest's function with the timeout of every call scaled, through its declaring members too (jest's API
 * is a function with function-valued members: a Proxy keeps all of it, and its exact type, unchanged).
 */
export function scalingTimeouts<F extends Function>(declare: F, scale: number = TIMEOUT_SCALE): F {
  return new Proxy(declare, {
    apply(target, self, args: unknown[]): unknown {
      const result: unknown = Reflect.apply(target, self, withScaledTimeout(args, scale));
      // it.each(table) returns the function that declares the tests.
      return typeof result === 'function' ? scalingTimeouts(result, scale) : result;
    },
    get(target, key, receiver): unknown {
      const member: unknown = Reflect.get(target, key, receiver);
      return DECLARING.has(key) && typeof member === 'function' ? scalingTimeouts(member, scale) : member;
    },
  });
}

export const it = scalingTimeouts(globals.it);
export const test = scalingTimeouts(globals.test);
export const beforeAll = scalingTimeouts(globals.beforeAll);
export const beforeEach = scalingTimeouts(globals.beforeEach);
export const afterAll = scalingTimeouts(globals.afterAll);
export const afterEach = scalingTimeouts(globals.afterEach);
