// `npm run dev` (mcp-factory-dev) tells a compile error in one line (bin/devErrors.mjs), from the errors esbuild and
// tsx really throw: file (relative to the repo, the dev server's folder), line and 1-based column, and esbuild's text.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from '@jest/globals';
import { stop, transform } from 'esbuild';

const root = process.cwd(); // where a dev server runs: its repo
const bin = path.resolve(import.meta.dirname, '../../bin');
type Format = (error: unknown) => string | undefined;
const load = async () =>
  (await import(pathToFileURL(path.join(bin, 'devErrors.mjs')).href)) as { compileErrorLine: Format };
const source = 'export const echo = (;\n';
const column = source.indexOf(';') + 1;
const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => new Error('expected a compile error'),
    (e: unknown) => e,
  );

describe('a compile error under npm run dev', () => {
  afterAll(() => stop()); // esbuild's service process would keep jest alive

  it("esbuild's error (errors[].location): one line, the file relative to the repo", async () => {
    const { compileErrorLine } = await load();
    const error = await rejection(
      transform(source, { loader: 'ts', sourcefile: path.join(root, 'src/tools/echo.ts') }),
    );
    expect(compileErrorLine(error)).toBe(`src/tools/echo.ts:1:${column}: Unexpected ";"`);
  });

  it("a dev server that cannot load: exit 1 and one line on stderr (tsx's TransformError)", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dev-errors-'));
    const broken = path.join(dir, 'broken.ts');
    fs.writeFileSync(broken, source);
    fs.writeFileSync(path.join(dir, 'main.ts'), "import './broken.ts';\n");
    const devChild = path.join(bin, 'devChild.mjs');
    const run = promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--import', devChild, path.join(dir, 'main.ts')],
      {
        env: { ...process.env, NODE_OPTIONS: '' },
      },
    );
    const failed = (await rejection(run)) as { code?: number; stdout?: string; stderr?: string };
    fs.rmSync(dir, { recursive: true, force: true });
    expect([failed.code, failed.stdout, failed.stderr]).toEqual([
      1,
      '',
      `[dev] cannot load the server: ${broken}:1:${column}: Unexpected ";"\n`,
    ]);
  });

  it('any other error is left to be shown whole', async () => {
    const { compileErrorLine } = await load();
    expect(compileErrorLine(new Error('broken at import'))).toBeUndefined();
    expect(compileErrorLine(undefined)).toBeUndefined();
  });
});
