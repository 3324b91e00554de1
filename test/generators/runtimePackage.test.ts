// The runtime package as a user gets it: generated servers depend on exactly the version the factory writes, and
// the packed tarball holds, for every subpath export, the compiled module, its types and its TypeScript source (what
// `npx plop eject` copies: the sources of exactly the version the repo installed), every bin with the modules it
// loads, and no tests.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect } from '@jest/globals';
import { runtimeVersion, versions } from '../../engine/versions.js';
import { FACTORY_ROOT } from '../helpers/fsSnapshot.js';
import { ensureRuntimeTarball } from '../../scripts/runtimeTarball.js';
import { it } from '../helpers/timeouts.js';

interface RuntimePackage {
  version: string;
  exports: Record<string, { types: string; default: string }>;
  bin: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
}
const pkg = JSON.parse(fs.readFileSync(path.join(FACTORY_ROOT, 'runtime/package.json'), 'utf8')) as RuntimePackage;

describe('@mcp-factory/runtime', () => {
  it('is written into generated servers at exactly its own version', () => {
    expect(runtimeVersion).toBe(pkg.version);
    expect(versions['@mcp-factory/runtime']).toBe(pkg.version);
  });

  it('exports each subpath from a source module of runtime/src', () => {
    for (const [subpath, target] of Object.entries(pkg.exports)) {
      const source = target.default.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts');
      expect({ subpath, exists: fs.existsSync(path.join(FACTORY_ROOT, 'runtime', source)) }).toEqual({
        subpath,
        exists: true,
      });
      expect(target.types).toBe(target.default.replace(/\.js$/, '.d.ts'));
    }
  });

  it('packs the compiled module, types and source of every export, and nothing else of the repo', async () => {
    const tarball = await ensureRuntimeTarball();
    const listed = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n');
    const files = new Set(listed.map((file) => file.replace(/^package\//, './')));
    for (const target of Object.values(pkg.exports)) {
      expect(files).toContain(target.default);
      expect(files).toContain(target.types);
      expect(files).toContain(target.default.replace(/^\.\/dist\//, './src/').replace(/\.js$/, '.ts'));
    }
    for (const bin of Object.values(pkg.bin)) expect(files).toContain(`./${bin}`);
    // mcp-factory-dev and mcp-factory-build are plain ES modules in bin/, shipped as they are, with the modules
    // they import beside them.
    const binDir = fs.readdirSync(path.join(FACTORY_ROOT, 'runtime/bin')).map((file) => `./bin/${file}`);
    expect([...files].filter((file) => file.startsWith('./bin/')).sort()).toEqual(binDir.sort());
    for (const bin of ['bin/build.mjs', 'bin/dev.mjs']) {
      expect(Object.values(pkg.bin)).toContain(bin);
      expect(fs.readFileSync(path.join(FACTORY_ROOT, 'runtime', bin), 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
    }
    const packaged = (file: string) =>
      ['./dist/', './src/', './bin/'].some((folder) => file.startsWith(folder)) || file === './package.json';
    expect([...files].filter((file) => !packaged(file))).toEqual([]);
    expect([...files].filter((file) => /\.test\.ts$|\.map$/.test(file))).toEqual([]);
  }, 120_000);

  it('leaves the PostgreSQL driver to the servers that use it (an optional peer)', () => {
    expect(pkg.peerDependenciesMeta.pg).toEqual({ optional: true });
  });
});
