// The package entry (index.js, what `plop.load("mcp-factory")` and team packs import) exports exactly
// the public API of engine/index.ts, and its default export is the factory's plopfile.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from '@jest/globals';
import * as api from '../../engine/index.js';
import { FACTORY_ROOT } from '../helpers/fsSnapshot.js';

describe('package entry', () => {
  it('index.js exports every name of engine/index.ts, loaded the way a server repo loads it', () => {
    const script =
      "const m = await import('./index.js'); console.log(JSON.stringify({ keys: Object.keys(m).sort(), plopfile: typeof m.default }));";
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: FACTORY_ROOT,
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    expect(JSON.parse(out)).toEqual({ keys: Object.keys(api).sort(), plopfile: 'function' });
  });
});
