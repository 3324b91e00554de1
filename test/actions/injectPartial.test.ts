// Injection at markers alone: indentation, idempotence, and a missing or look-alike marker.
import { describe, expect, it } from '@jest/globals';
import { injectAboveMarker } from '../../generators/actions/injectPartial.js';
import fs from 'node:fs';
import path from 'node:path';
import { checkMarkers, MARKERS, missingMarker } from '../../generators/contract/markers.js';
import { FACTORY_ROOT, fixtureRepo } from '../helpers/fsSnapshot.js';

const index = 'export const tools = [\n  ping,\n  // mcp-factory:tools\n];\n';

describe('injectAboveMarker', () => {
  it("inserts the block above the marker with the marker's indentation", () => {
    expect(injectAboveMarker(index, 'tools', 'getItem,\n')).toBe(
      'export const tools = [\n  ping,\n  getItem,\n  // mcp-factory:tools\n];\n',
    );
  });

  it('indents every line of a multi-line block, leaving blank lines empty', () => {
    expect(injectAboveMarker(index, 'tools', 'a,\n\nb,\n')).toBe(
      'export const tools = [\n  ping,\n  a,\n\n  b,\n  // mcp-factory:tools\n];\n',
    );
  });

  it('is a no-op for a block that is already there', () => {
    const once = injectAboveMarker(index, 'tools', 'getItem,') as string;
    expect(injectAboveMarker(once, 'tools', 'getItem,\n')).toBe('present');
  });

  it('does not take a longer marker for the one asked for', () => {
    expect(injectAboveMarker('// mcp-factory:tools-extra\n', 'tools', 'x,')).toBe('no-marker');
    expect(injectAboveMarker('// mcp-factory:tool-imports\n', 'tools', 'x,')).toBe('no-marker');
  });
});

describe('markers', () => {
  it('are all present in the fixture repo, and a removed one is named with its file', () => {
    const repo = fixtureRepo();
    expect(() => checkMarkers(repo, ['tool-imports', 'tools', 'readme-tools', 'e2e-tests'])).not.toThrow();
    expect(() => checkMarkers(repo, ['auth-headers'], 'add auth')).toThrow(
      `cannot add auth: src/client.ts does not exist in ${repo}`,
    );
    expect(missingMarker(MARKERS.tools.file, 'tools')).toBe(
      'src/tools/index.ts: marker "mcp-factory:tools" not found (restore the marker comment, then run again)',
    );
  });

  it("are documented in CONTRIBUTING.md's table exactly as defined", () => {
    const doc = fs.readFileSync(path.join(FACTORY_ROOT, 'CONTRIBUTING.md'), 'utf8');
    const rows = [...doc.matchAll(/^\| `mcp-factory:([\w-]+)` \| (\S+) \| (.+) \|$/gm)].map(([, name, file, holds]) => [
      name,
      { file, holds },
    ]);
    expect(Object.fromEntries(rows)).toEqual(MARKERS);
  });
});
