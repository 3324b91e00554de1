// `npm run dev` only: a compile error in one line, `src/tools/echo.ts:2:22: Unexpected ";"`, instead of the ~20
// lines of esbuild stack trace that say nothing more. esbuild errors carry errors[].location; tsx passes them
// on as a TransformError whose message lists them as `<file>:<line>:<column>: ERROR: <text>` (column 0-based).
import path from 'node:path';

const root = process.cwd(); // a dev server runs in the repo's folder
const LISTED = /^(.+?):(\d+):(\d+): ERROR: (.*)$/gm;

/** The first error as `file:line:column: text` (column 1-based, as editors count; file relative to the repo), or undefined. */
export function compileErrorLine(error) {
  const located = Array.isArray(error?.errors)
    ? error.errors
        .filter((e) => e?.location)
        .map(({ text, location }) => [location.file, location.line, location.column, text])
    : [];
  const listed = /^Transform failed with \d+ errors?:/.test(error?.message ?? '')
    ? [...error.message.matchAll(LISTED)].map(([, file, line, column, text]) => [file, line, Number(column), text])
    : [];
  const all = located.length > 0 ? located : listed;
  if (all.length === 0) return undefined;
  const [file, line, column, text] = all[0];
  const inRepo = path.relative(root, file);
  const where = path.isAbsolute(file) && !inRepo.startsWith('..') ? inRepo : file;
  return `${where}:${line}:${column + 1}: ${text}`;
}
