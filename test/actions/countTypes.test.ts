// The figures `npm run count:types` prints: what counts as a cast, an escape hatch or a Record of unknown, and
// the import facts (cycles, the engine importing a generator, a generator importing another's module).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect } from '@jest/globals';
import { countSource, countTemplate } from '../../scripts/countTypes.js';
import { FACTORY_ROOT, tempDir } from '../helpers/fsSnapshot.js';
import { it, scaled } from '../helpers/timeouts.js';

/** Well above the ~3 s the command takes on an idle machine. */
const COUNT_TIME_LIMIT = 30_000;

describe('countSource', () => {
  it('counts casts but not `as const`, and as never / as any / non-null apart', () => {
    const source = [
      'const a = x as string;',
      'const b = <number>y;',
      'const c = [1] as const;',
      'const d = z as never;',
      'const e = w as any;',
      'const f = m!.n + o!;',
      'const g = p != q; // x as Y in a comment',
      "const h = 'as never';",
      'type R = Record<string, unknown> | Record<string, string>;',
      'function k(v: Record<string, unknown>) { return v; }',
    ].join('\n');
    expect(countSource(source)).toEqual({ record: 2, casts: 2, asNever: 1, asAny: 1, nonNull: 2 });
  });

  it('finds nothing in typed code', () => {
    expect(countSource('export const x: Map<string, number> = new Map();\nconst y = [1, 2] as const;')).toEqual({
      record: 0,
      casts: 0,
      asNever: 0,
      asAny: 0,
      nonNull: 0,
    });
  });
});

describe('countTemplate', () => {
  it('matches the same constructs in an EJS template', () => {
    const text =
      'const a = <%- x %> as Foo;\nconst b = c as never;\nconst d = e!.f;\nconst g = [1] as const;\nlet r: Record<string, unknown>;\n' +
      'const h = i.list!(deps);\nconst k = [name!];\nconst l = `${m!}`;\nif (!(n != o)) p();';
    expect(countTemplate(text)).toEqual({ record: 1, casts: 1, asNever: 1, asAny: 0, nonNull: 4 });
  });
});

describe('npm run count:types', () => {
  const write = (root: string, file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  };

  it(
    'prints the table, a cycle, the engine importing a generator, and one generator importing another',
    () => {
      const root = tempDir('mcp-factory-count-');
      execFileSync('git', ['init', '-q'], { cwd: root });
      write(root, 'tsconfig.json', '{ "compilerOptions": { "module": "NodeNext", "moduleResolution": "NodeNext" } }');
      write(
        root,
        'generators/alpha/answers.ts',
        "import { b } from '../beta/answers.js';\nexport const a = () => b!;\n",
      );
      write(
        root,
        'generators/beta/answers.ts',
        "import { a } from '../alpha/answers.js';\nexport const b = () => a;\n",
      );
      write(
        root,
        'engine/contract/vocabulary.ts',
        "import { a } from '../../generators/alpha/answers.js';\nexport const v = a;\n",
      );
      write(
        root,
        'generators/gamma/index.ts',
        "import { v } from '../../engine/contract/vocabulary.js';\nexport const g = v as never;\n",
      );
      write(root, 'generators/delta/index.ts', "import { g } from '../gamma/index.js';\nexport const d = g;\n");
      const out = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/countTypes.ts', root], {
        cwd: FACTORY_ROOT,
        encoding: 'utf8',
        env: { ...process.env, NODE_OPTIONS: '' },
        timeout: scaled(COUNT_TIME_LIMIT),
      });
      expect(out).toContain('| generators |                       0 |     0 |        1 |      0 |          1 |');
      expect(out).toContain('| engine     |                       0 |     0 |        0 |      0 |          0 |');
      expect(out).toContain('as never + as any + non-null in the whole repo: 2');
      expect(out).toContain(
        'import cycles among engine/** and generators/**: 1\n  generators/alpha/answers.ts → generators/beta/answers.ts\n',
      );
      expect(out).toContain(
        'engine modules importing a generator: 1\n  engine/contract/vocabulary.ts → generators/alpha/answers.ts\n',
      );
      expect(out).toContain("imports of another generator's internals: 2\n");
      expect(out).toContain('  generators/beta/answers.ts → generators/alpha/answers.ts\n');
      expect(out).toContain(
        "compositions (imports of another generator's index.ts): 1\n  generators/delta/index.ts → generators/gamma/index.ts\n",
      );
    },
    COUNT_TIME_LIMIT,
  );
});
