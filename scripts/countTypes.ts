// `npm run count:types`: how typed the factory is, as one table. Per area of the repo it counts
// `Record<string, unknown>`, type casts (`x as T` and `<T>x`, not `as const`), `as never`, `as any` and
// non-null assertions (`x!`), then the import cycles among engine/** and generators/** (dpdm), the engine's imports of a
// generator, the generators' imports of another generator's internals (any module but its index.ts) and their
// compositions (imports of another generator's index.ts, its public face: what it lets others use).
//
// Counting walks each file's syntax tree with the TypeScript compiler (already a dependency) rather than
// matching text: a regex cannot tell `a!.b` from `a != b`, `as const` in a comment from code, or a cast
// split over lines. Templates (.ejs) are not TypeScript until rendered, so their figures are text matches.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { FACTORY_ROOT } from '../engine/paths.js';
import { oneLine } from '../cli/errors.js';
import { parseScript, scriptCommand } from './scriptCommand.js';

export interface Counts {
  record: number;
  casts: number;
  asNever: number;
  asAny: number;
  nonNull: number;
}

const zero = (): Counts => ({ record: 0, casts: 0, asNever: 0, asAny: 0, nonNull: 0 });

function isRecordOfUnknown(node: ts.Node): boolean {
  if (!ts.isTypeReferenceNode(node) || node.typeName.getText() !== 'Record') return false;
  const [key, value] = node.typeArguments ?? [];
  return key?.kind === ts.SyntaxKind.StringKeyword && value?.kind === ts.SyntaxKind.UnknownKeyword;
}

/** The counts of one TypeScript source. */
export function countSource(text: string, fileName = 'file.ts'): Counts {
  const counts = zero();
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const visit = (node: ts.Node): void => {
    if (isRecordOfUnknown(node)) counts.record++;
    if (ts.isAsExpression(node) || ts.isTypeAssertionExpression(node)) {
      const type = node.type;
      const isConst = ts.isTypeReferenceNode(type) && type.typeName.getText() === 'const';
      if (type.kind === ts.SyntaxKind.NeverKeyword) counts.asNever++;
      else if (type.kind === ts.SyntaxKind.AnyKeyword) counts.asAny++;
      else if (!isConst) counts.casts++;
    }
    if (ts.isNonNullExpression(node)) counts.nonNull++;
    ts.forEachChild(node, visit);
  };
  visit(source);
  return counts;
}

/** Text matches in an EJS template (rendered TypeScript): the same figures, approximately. */
export function countTemplate(text: string): Counts {
  const matches = (re: RegExp) => [...text.matchAll(re)].length;
  return {
    record: matches(/Record<string,\s*unknown>/g),
    casts: matches(/\bas (?!const\b|never\b|any\b)[A-Za-z_{[(]/g),
    asNever: matches(/\bas never\b/g),
    asAny: matches(/\bas any\b/g),
    nonNull: matches(/[\w)\]]!(?=[.)[\](,;}])/g),
  };
}

const AREAS = ['engine', 'generators', 'runtime', 'cli', 'test', 'templates+partials'] as const;

function areaOf(file: string): string {
  // A generator's templates (generators/<name>/files/, the server's presets/) are the generated repos' code.
  if (/\.ejs$/.test(file) || /^generators\/[^/]+\/(files|presets)\//.test(file)) return 'templates+partials';
  const top = file.split('/')[0];
  return (AREAS as readonly string[]).includes(top) ? top : 'other';
}

/** The tracked (and new, not ignored) files of the checkout; fixtures are inputs, not the factory's code. */
function repoFiles(root: string): string[] {
  let out: string;
  try {
    out = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    throw new Error(`${root} is not a folder of a git checkout (its files are the ones git lists)`);
  }
  return out
    .split('\n')
    .filter((f) => /\.(ts|mts|cts|tsx|ejs)$/.test(f) && !f.endsWith('.d.ts'))
    .filter((f) => !f.startsWith('test/fixtures/') && fs.existsSync(path.join(root, f)));
}

export function countRepo(root: string): Map<string, Counts> {
  const table = new Map<string, Counts>();
  for (const file of repoFiles(root)) {
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    const counts = file.endsWith('.ejs') ? countTemplate(text) : countSource(text, file);
    const area = areaOf(file);
    const row = table.get(area) ?? zero();
    for (const key of Object.keys(row) as Array<keyof Counts>) row[key] += counts[key];
    table.set(area, row);
  }
  return table;
}

export interface ImportFacts {
  cycles: string[][];
  /** engine/… file → generators/… file */
  engineToGenerator: Array<[string, string]>;
  /** generators/<a>/… → generators/<b>/<module other than index.ts>, a ≠ b */
  crossGenerator: Array<[string, string]>;
  /** generators/<a>/… → generators/<b>/index.ts, a ≠ b: one generator composing another through its public face */
  compositions: Array<[string, string]>;
}

/** The generator of generators/<folder>/…, or undefined outside generators/. */
const folderOf = (file: string) => /^generators\/([^/]+)\//.exec(file)?.[1];

export async function importFacts(root: string): Promise<ImportFacts> {
  // Loaded here, not at the top: its CommonJS entry requires an ES-module-only dependency, which Node loads
  // but jest (which imports this file for the counting functions) cannot.
  const { parseCircular, parseDependencyTree } = await import('dpdm');
  const tree = await parseDependencyTree(['engine/**/*.ts', 'generators/**/*.ts'], {
    context: root,
    cwd: root,
    tsconfig: path.join(root, 'tsconfig.json'),
  });
  const engineToGenerator: Array<[string, string]> = [];
  const crossGenerator: Array<[string, string]> = [];
  const compositions: Array<[string, string]> = [];
  for (const [issuer, deps] of Object.entries(tree)) {
    const fromEngine = issuer.startsWith('engine/');
    const from = folderOf(issuer);
    if (!fromEngine && from === undefined) continue;
    for (const dep of deps ?? []) {
      const to = dep.id ? folderOf(dep.id) : undefined;
      if (!dep.id || !to || to === from) continue;
      if (fromEngine) engineToGenerator.push([issuer, dep.id]);
      else if (dep.id === `generators/${to}/index.ts`) compositions.push([issuer, dep.id]);
      else crossGenerator.push([issuer, dep.id]);
    }
  }
  return { cycles: parseCircular(tree), engineToGenerator, crossGenerator, compositions };
}

function printTable(table: Map<string, Counts>): void {
  const rows = [...AREAS, 'other'].filter((a) => table.has(a));
  const total = zero();
  const header = ['area', 'Record<string, unknown>', 'casts', 'as never', 'as any', 'non-null !'];
  const lines = rows.map((area) => {
    const c = table.get(area) ?? zero();
    for (const key of Object.keys(total) as Array<keyof Counts>) total[key] += c[key];
    return [area, c.record, c.casts, c.asNever, c.asAny, c.nonNull].map(String);
  });
  lines.push(['whole repo', total.record, total.casts, total.asNever, total.asAny, total.nonNull].map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const row = (cells: string[]) =>
    `| ${cells.map((c, i) => (i ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ')} |`;
  console.log(row(header));
  console.log(`|${widths.map((w, i) => (i ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`);
  for (const line of lines) console.log(row(line));
  const escapes = total.asNever + total.asAny + total.nonNull;
  console.log(`\nas never + as any + non-null in the whole repo: ${escapes}`);
}

/** `tsx scripts/countTypes.ts [root]`: the factory's checkout by default. */
async function main(root = FACTORY_ROOT): Promise<void> {
  printTable(countRepo(root));
  const facts = await importFacts(root);
  console.log(`\nimport cycles among engine/** and generators/**: ${facts.cycles.length}`);
  for (const cycle of facts.cycles) console.log(`  ${cycle.join(' → ')}`);
  console.log(`engine modules importing a generator: ${facts.engineToGenerator.length}`);
  for (const [from, to] of facts.engineToGenerator) console.log(`  ${from} → ${to}`);
  console.log(`imports of another generator's internals: ${facts.crossGenerator.length}`);
  for (const [from, to] of facts.crossGenerator) console.log(`  ${from} → ${to}`);
  console.log(`compositions (imports of another generator's index.ts): ${facts.compositions.length}`);
  for (const [from, to] of facts.compositions) console.log(`  ${from} → ${to}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const command = scriptCommand(
    'count:types',
    'How typed the factory is: per area of the repo, `Record<string, unknown>`, casts, `as never`, `as any` and ' +
      "non-null assertions; then import cycles, the engine's imports of a generator and the generators' imports " +
      'of each other.',
  ).argument('[root]', 'the checkout to count (default: this one)');
  parseScript(command);
  try {
    await main(command.args[0]);
  } catch (error) {
    process.stderr.write(`[ERROR] ${oneLine(error)}\n`);
    process.exitCode = 1;
  }
}
