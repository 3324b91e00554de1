// update's move onto the runtime package, alone: which files the runtime now provides (derived from the
// two renders and the runtime's exports), and what becomes of them and of the files importing them.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { planFiles } from '../../generators/update/plan.js';
import {
  keepDeploymentFiles,
  migrateToRuntime,
  runtimeManifest,
  runtimeProvided,
} from '../../generators/update/runtimeMigration.js';
import { tempDir } from '../helpers/fsSnapshot.js';

const files = (entries: Record<string, string>) => new Map(Object.entries(entries));
const runtime = {
  name: '@mcp-factory/runtime',
  version: '1.0.0',
  exports: {
    '.': { types: './dist/index.d.ts', default: './dist/index.js' },
    './tool': { types: './dist/defineTool.d.ts', default: './dist/defineTool.js' },
    './errors': './dist/errors.js',
    './stdio': { default: './dist/transport/exactStdio.js' },
  },
};

describe('runtimeProvided', () => {
  it('is every src file the old generation made, the new one does not, and the runtime exports', () => {
    const base = files({
      'src/defineTool.ts': 'a',
      'src/errors.ts': 'b',
      'src/transport/exactStdio.ts': 'c',
      'src/transport/jsonRpcErrors.ts': 'd',
      'src/client.ts': 'e',
      'test/unit/errors.test.ts': 'f',
    });
    const target = files({ 'src/client.ts': 'e2', 'src/index.ts': 'g' });
    expect(Object.fromEntries(runtimeProvided(base, target, runtime))).toEqual({
      'src/defineTool.ts': '@mcp-factory/runtime/tool',
      'src/errors.ts': '@mcp-factory/runtime/errors',
      'src/transport/exactStdio.ts': '@mcp-factory/runtime/stdio',
    });
  });

  it("reads this factory's runtime: the define* helpers of an old server map to its subpaths", () => {
    const base = files({ 'src/defineTool.ts': '', 'src/definePrompt.ts': '', 'src/defineResource.ts': '' });
    expect(Object.fromEntries(runtimeProvided(base, new Map(), runtimeManifest()))).toEqual({
      'src/defineTool.ts': '@mcp-factory/runtime/tool',
      'src/definePrompt.ts': '@mcp-factory/runtime/prompt',
      'src/defineResource.ts': '@mcp-factory/runtime/resource',
    });
  });
});

describe('migrateToRuntime', () => {
  it('removes untouched copies, keeps and names edited ones, rewrites imports the merge cannot reach', () => {
    const repo = tempDir();
    const ours: Record<string, string> = {
      'src/defineTool.ts': "import { UpstreamError } from './errors.js';\n",
      'src/errors.ts': "import { rpc } from './transport/jsonRpcErrors.js';\nexport const edited = 1;\n",
      'src/transport/jsonRpcErrors.ts': 'export const rpc = 1;\n',
      'src/tools/mine.ts': "import { defineTool } from '../defineTool.js';\nimport { x } from './other.js';\n",
      'test/unit/mine.test.ts': "jest.unstable_mockModule('../../src/defineTool.js', () => ({}));\n",
    };
    for (const [file, text] of Object.entries(ours)) {
      fs.mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
      fs.writeFileSync(path.join(repo, file), text);
    }
    const base = files({
      'src/defineTool.ts': ours['src/defineTool.ts'],
      'src/errors.ts': "import { rpc } from './transport/jsonRpcErrors.js';\n",
      'src/transport/jsonRpcErrors.ts': ours['src/transport/jsonRpcErrors.ts'],
    });
    const target = files({});
    const read = (file: string) => ours[file];
    const plan = migrateToRuntime(planFiles(base, target, read), runtimeProvided(base, target, runtime), repo, read);
    expect(Object.fromEntries(plan.map((f) => [f.path, [f.action, f.content, f.note]]))).toEqual({
      'src/defineTool.ts': ['removed', undefined, undefined],
      // Edited: kept, said why; its import of a file the runtime does not export keeps that file.
      'src/errors.ts': [
        'unchanged',
        undefined,
        'now provided by @mcp-factory/runtime/errors; kept because you changed it: nothing generated imports it any more, so move your change and delete it',
      ],
      'src/transport/jsonRpcErrors.ts': [
        'unchanged',
        undefined,
        'no longer generated and not in @mcp-factory/runtime; kept because src/errors.ts imports it',
      ],
      'src/tools/mine.ts': [
        'updated',
        "import { defineTool } from '@mcp-factory/runtime/tool';\nimport { x } from './other.js';\n",
        'imports of files @mcp-factory/runtime now provides point at it',
      ],
      'test/unit/mine.test.ts': [
        'updated',
        "jest.unstable_mockModule('@mcp-factory/runtime/tool', () => ({}));\n",
        'imports of files @mcp-factory/runtime now provides point at it',
      ],
    });
  });

  it('changes nothing when the runtime provides none of the removed files', () => {
    const plan = planFiles(files({ 'src/a.ts': 'x' }), files({}), () => 'x');
    expect(migrateToRuntime(plan, new Map(), tempDir(), () => 'x')).toEqual(plan);
  });
});

describe('keepDeploymentFiles', () => {
  it('keeps the HTTP deployment files a new server no longer gets, and removes the other untouched ones', () => {
    const base = files({ Dockerfile: 'd', 'deploy/kubernetes.yaml': 'k', 'src/client.ts': 'c', 'src/index.ts': 'i' });
    const target = files({ 'src/index.ts': 'i2' });
    const ours = (file: string) => base.get(file);
    const plan = keepDeploymentFiles(planFiles(base, target, ours));
    expect(plan.map((f) => [f.path, f.action, f.note])).toEqual([
      ['Dockerfile', 'unchanged', 'no longer in a new server (`npx plop http` writes it); kept'],
      ['deploy/kubernetes.yaml', 'unchanged', 'no longer in a new server (`npx plop http` writes it); kept'],
      ['src/client.ts', 'removed', undefined],
      ['src/index.ts', 'updated', undefined],
    ]);
  });
});
