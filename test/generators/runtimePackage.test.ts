// The runtime package as a user gets it: generated servers depend on exactly the version the factory writes, and
// the packed tarball holds, for every subpath export, the compiled module and its types, and every bin with the modules
// it loads (and no sources or tests).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect } from '@jest/globals';
import { runtimeVersion, versions } from '../../generators/versions.js';
import { FACTORY_ROOT } from '../helpers/fsSnapshot.js';
import { ensureRuntimeTarball } from '../../scripts/runtimeTarball.js';
import { it } from '../helpers/timeouts.js';

interface RuntimePackage {
  version: string;
  exports: Record<string, { types: string; default: string }>;
  bin: Record<string, string>;
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

  it('packs the compiled module and its types of every export, every bin, and nothing else of the repo', async () => {
    const tarball = await ensureRuntimeTarball();
    const listed = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n');
    const files = new Set(listed.map((file) => file.replace(/^package\//, './')));
    for (const target of Object.values(pkg.exports)) {
      expect(files).toContain(target.default);
      expect(files).toContain(target.types);
    }
    // The bins (mcp-factory-dev, mcp-factory-build) are plain ES modules in bin/, shipped as they are, with the
    // modules they import beside them.
    const bins = Object.values(pkg.bin);
    expect(bins.length).toBeGreaterThan(0);
    for (const bin of bins) expect(files).toContain(bin);
    const binDir = fs.readdirSync(path.join(FACTORY_ROOT, 'runtime/bin')).map((file) => `./bin/${file}`);
    expect([...files].filter((file) => file.startsWith('./bin/')).sort()).toEqual(binDir.sort());
    for (const bin of bins) {
      expect(fs.readFileSync(path.join(FACTORY_ROOT, 'runtime', bin), 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
    }
    const elsewhere = [...files].filter(
      (f) => !f.startsWith('./dist/') && !f.startsWith('./bin/') && f !== './package.json',
    );
    expect(elsewhere).toEqual([]);
  }, 120_000);
});
