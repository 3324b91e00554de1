// The one scale factor of the tests' time limits (test/helpers/timeouts.ts), and a check that every
// time limit written in a test file goes through it: a raw number would be red again on a busy machine.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import ts from 'typescript';
import { FACTORY_ROOT } from './fsSnapshot.js';
import { TIMEOUT_SCALE_VARIABLE, scaled, scalingTimeouts, timeoutScale, withScaledTimeout } from './timeouts.js';

const idle = { load: 0, cores: 2 };

describe('timeoutScale', () => {
  it('takes MCP_FACTORY_TEST_TIMEOUT_SCALE when set, whatever the load', () => {
    expect(timeoutScale({ [TIMEOUT_SCALE_VARIABLE]: '2.5' }, { load: 40, cores: 2 })).toBe(2.5);
    expect(timeoutScale({ [TIMEOUT_SCALE_VARIABLE]: '4' }, idle)).toBe(4);
  });

  it('derives the factor from the load and the cores when the variable is not set', () => {
    expect(timeoutScale({}, { load: 7, cores: 2 })).toBe(4); // 8 runnable processes on 2 cores
    expect(timeoutScale({}, { load: 5, cores: 4 })).toBe(1.5);
    expect(timeoutScale({ [TIMEOUT_SCALE_VARIABLE]: '' }, { load: 3, cores: 1 })).toBe(4);
  });

  it('is never below 1', () => {
    expect(timeoutScale({}, idle)).toBe(1);
    expect(timeoutScale({}, { load: 1, cores: 8 })).toBe(1);
    expect(timeoutScale({ [TIMEOUT_SCALE_VARIABLE]: '0.2' }, { load: 9, cores: 2 })).toBe(1);
  });

  it('refuses a variable that is not a positive number', () => {
    for (const bad of ['fast', '-2', '0', 'Infinity']) {
      expect(() => timeoutScale({ [TIMEOUT_SCALE_VARIABLE]: bad }, idle)).toThrow(
        `${TIMEOUT_SCALE_VARIABLE} must be a positive number, got "${bad}"`,
      );
    }
  });

  it('scales a limit in whole milliseconds', () => {
    expect(scaled(60_000, 1)).toBe(60_000);
    expect(scaled(60_000, 2.5)).toBe(150_000);
    expect(scaled(1_000, 1.0005)).toBe(1_001);
  });
});

/** The module an identifier of `sf` is imported from (undefined: not imported, a global). */
function importsOf(sf: ts.SourceFile): Map<string, string> {
  const from = new Map<string, string>();
  for (const statement of sf.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const bindings = statement.importClause?.namedBindings;
    if (bindings && ts.isNamedImports(bindings)) {
      for (const element of bindings.elements) from.set(element.name.text, statement.moduleSpecifier.text);
    }
  }
  return from;
}

/** `it` of `it.each(table)(...)`, `beforeAll` of `beforeAll(...)`: the identifier a call starts from. */
function rootOf(expression: ts.Expression): string | undefined {
  if (ts.isIdentifier(expression)) return expression.text;
  if (ts.isPropertyAccessExpression(expression) || ts.isCallExpression(expression))
    return rootOf(expression.expression);
  return undefined;
}

const JEST_BLOCKS = new Set(['it', 'test', 'beforeAll', 'beforeEach', 'afterAll', 'afterEach']);
const HELPER = /(^|\/)timeouts\.js$/;

/** `line:column text` of every time limit in `source` written as a bare number, not through the helper. */
function rawTimeLimits(file: string, source: string): string[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const imports = importsOf(sf);
  const found: string[] = [];
  const report = (node: ts.Node) => {
    const { line, character } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
    found.push(`${line + 1}:${character + 1} ${node.getText(sf)}`);
  };
  const isNumber = (node: ts.Node | undefined): node is ts.NumericLiteral =>
    node !== undefined && ts.isNumericLiteral(node);
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression.getText(sf);
      const root = rootOf(node.expression);
      const last = node.arguments.at(-1);
      const afterFunction = node.arguments.length >= 2 && isFunction(node.arguments.at(-2));
      // it(name, fn, 60_000), it.each(table)(name, fn, n), beforeAll(fn, n): fine when `it` comes from the
      // helper (it scales the number), raw when it is jest's own.
      if (root && JEST_BLOCKS.has(root) && afterFunction && isNumber(last) && !HELPER.test(imports.get(root) ?? '')) {
        report(last);
      }
      if (/(^|\.)setTimeout$/.test(callee) && isNumber(last)) report(last); // setTimeout(fn, n), jest.setTimeout(n)
      if (/^expect\(Date\.now\(\)/.test(callee) && isNumber(last)) report(last); // a bound on elapsed time
    }
    // { timeout: 60_000 } (a child process, an HTTP client), testTimeout in a jest config; not an expected
    // value (a client's config entry asserted with toEqual holds its own `timeout` field).
    if (
      ts.isPropertyAssignment(node) &&
      /timeout$/i.test(node.name.getText(sf)) &&
      isNumber(node.initializer) &&
      !insideExpectation(node, sf)
    ) {
      report(node.initializer);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

const EXPECTATION = /^expect$|\.(toEqual|toStrictEqual|toMatchObject)$/;
function insideExpectation(node: ts.Node, sf: ts.SourceFile): boolean {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if (ts.isCallExpression(n) && EXPECTATION.test(n.expression.getText(sf))) return true;
  }
  return false;
}

const isFunction = (node: ts.Node | undefined): boolean =>
  node !== undefined && (ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isIdentifier(node));

describe('the test functions of the helper', () => {
  it('scale the timeout that follows the test or hook function, and nothing else', () => {
    const fn = () => undefined;
    expect(withScaledTimeout(['name', fn, 1_000], 3)).toEqual(['name', fn, 3_000]);
    expect(withScaledTimeout([fn, 500], 2.5)).toEqual([fn, 1_250]);
    expect(withScaledTimeout(['name', fn], 3)).toEqual(['name', fn]);
    expect(withScaledTimeout([['row', 7]], 3)).toEqual([['row', 7]]); // it.each(table)
    expect(withScaledTimeout(['a', 7], 3)).toEqual(['a', 7]); // a number that is not a timeout
  });

  it("pass the scaled timeout to jest's function, through it.each, it.only, it.skip and it.concurrent", () => {
    const calls: unknown[][] = [];
    const record = (...args: unknown[]) => void calls.push(args);
    const declare = Object.assign(record, {
      each: (..._table: unknown[]) => record,
      only: Object.assign((...args: unknown[]) => record('only', ...args), { each: () => record }),
      skip: record,
      concurrent: record,
      todo: (name: string) => void calls.push(['todo', name]),
    });
    const wrapped = scalingTimeouts(declare, 4);
    const fn = () => undefined;
    wrapped('a', fn, 1_000);
    wrapped.each([[1]])('b', fn, 1_000);
    wrapped.only('c', fn, 1_000);
    wrapped.only.each()('d', fn, 1_000);
    wrapped.skip('e', fn, 1_000);
    wrapped.concurrent('f', fn);
    wrapped.todo('g');
    expect(calls).toEqual([
      ['a', fn, 4_000],
      ['b', fn, 4_000],
      ['only', 'c', fn, 4_000],
      ['d', fn, 4_000],
      ['e', fn, 4_000],
      ['f', fn],
      ['todo', 'g'],
    ]);
  });
});

describe('time limits in the test files', () => {
  it('finds a raw number in each form a time limit takes (so the check below can fail)', () => {
    const source = [
      "import { describe, it } from '@jest/globals';",
      "import { beforeAll as before, it as scaledIt, scaled } from '../helpers/timeouts.js';",
      "it('a', async () => {}, 60_000);",
      'beforeAll(async () => {}, 300000);',
      "it.each([1])('b %s', async () => {}, 240_000);",
      "it.only('c', run, 1_000);",
      'jest.setTimeout(30_000);',
      'setTimeout(() => undefined, 15_000);',
      "run('x', [], { env: {}, timeout: 60_000 });",
      'export default { testTimeout: 60_000 };',
      'expect(Date.now() - started).toBeLessThan(15_000);',
      // through the helper, or not a time limit: not reported
      "scaledIt('d', async () => {}, 60_000);",
      "scaledIt.each([1])('e %s', async () => {}, 240_000);",
      'before(async () => {}, 300_000);',
      "it('f', async () => {}, scaled(60_000));",
      "run('x', [], { timeout: scaled(60_000) });",
      "expect([1, 2]).toHaveLength(2); const limit = { keepFiles: 10_000 }; it('g', () => {});",
      'expect(entry).toEqual({ cmd: "node", timeout: 300 });',
    ].join('\n');
    expect(rawTimeLimits('sample.ts', source).map((f) => f.replace(/^\d+:\d+ /, ''))).toEqual([
      '60_000',
      '300000',
      '240_000',
      '1_000',
      '30_000',
      '15_000',
      '60_000',
      '60_000',
      '15_000',
    ]);
  });

  it('every time limit under test/ and runtime/test/ (and jest.config.ts) goes through the helper', () => {
    const files = ['test', 'runtime/test']
      .flatMap((root) =>
        fs
          .readdirSync(path.join(FACTORY_ROOT, root), { recursive: true, encoding: 'utf8' })
          .filter((f) => f.endsWith('.ts') && !f.startsWith(`fixtures${path.sep}`))
          .map((f) => path.join(FACTORY_ROOT, root, f)),
      )
      .concat(path.join(FACTORY_ROOT, 'jest.config.ts'));
    expect(files.some((f) => f.endsWith(path.join('runtime', 'test', 'limits.test.ts')))).toBe(true);
    expect(files.some((f) => f.endsWith(path.join('e2e', 'demo.e2e.test.ts')))).toBe(true);
    const raw = files.flatMap((file) =>
      rawTimeLimits(file, fs.readFileSync(file, 'utf8')).map((hit) => `${path.relative(FACTORY_ROOT, file)}:${hit}`),
    );
    expect(raw).toEqual([]);
  });
});
