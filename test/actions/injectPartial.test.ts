// Injection at markers alone: indentation, idempotence, and a missing or look-alike marker.
import { describe, expect, it } from '@jest/globals';
import { injectAboveMarker } from '../../engine/actions/injectPartial.js';
import { splitRegion } from '../../engine/actions/replaceRegion.js';
import fs from 'node:fs';
import path from 'node:path';
import { checkMarkers, MARKERS, missingMarker } from '../../engine/contract/markers.js';
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
    fs.rmSync(path.join(repo, 'README.md'), { force: true });
    expect(() => checkMarkers(repo, ['auth-docs'], 'add auth')).toThrow(
      `cannot add auth: README.md does not exist in ${repo}`,
    );
    fs.writeFileSync(path.join(repo, 'README.md'), '<!-- mcp-factory:auth-docs:begin -->\n');
    expect(() => checkMarkers(repo, ['auth-docs'])).toThrow('README.md: marker "mcp-factory:auth-docs" not found');
    fs.appendFileSync(path.join(repo, 'README.md'), 'X\n<!-- mcp-factory:auth-docs:end -->\n');
    expect(() => checkMarkers(repo, ['auth-docs'])).not.toThrow();
    // A server laid out before the runtime's entry (src/tools/index.ts) is told to update first.
    fs.renameSync(path.join(repo, 'src/primitives.ts'), path.join(repo, 'src/tools/index.ts'));
    expect(() => checkMarkers(repo, ['tools'], 'add a tool')).toThrow(
      `cannot add a tool: src/primitives.ts does not exist in ${repo} (the server predates the runtime's entry: run \`npx plop update\` first)`,
    );
    expect(missingMarker(MARKERS.tools.file, 'tools')).toBe(
      'src/primitives.ts: marker "mcp-factory:tools" not found (restore the marker comment, then run again)',
    );
  });

  it("are documented in CONTRIBUTING.md's table exactly as defined", () => {
    const doc = fs.readFileSync(path.join(FACTORY_ROOT, 'CONTRIBUTING.md'), 'utf8');
    const rows = [...doc.matchAll(/^\| `mcp-factory:([\w-]+)` \| (\S+) \| (.+) \|$/gm)].map(([, name, file, holds]) => [
      name,
      { file, holds },
    ]);
    expect(Object.fromEntries(rows)).toEqual(
      Object.fromEntries(Object.entries(MARKERS).map(([name, { file, holds }]) => [name, { file, holds }])),
    );
  });
});

describe('splitRegion', () => {
  it("splits a file around the lines between a region's begin and end markers", () => {
    const source = 'a\n<!-- mcp-factory:auth-docs:begin -->\nold 1\nold 2\n<!-- mcp-factory:auth-docs:end -->\nb\n';
    expect(splitRegion(source, 'auth-docs')).toEqual({
      before: 'a\n<!-- mcp-factory:auth-docs:begin -->\n',
      inside: 'old 1\nold 2\n',
      after: '<!-- mcp-factory:auth-docs:end -->\nb\n',
    });
    expect(
      splitRegion('<!-- mcp-factory:auth-docs:begin -->\n<!-- mcp-factory:auth-docs:end -->\n', 'auth-docs'),
    ).toMatchObject({ inside: '' });
    expect(splitRegion('<!-- mcp-factory:auth-docs:end -->\n<!-- mcp-factory:auth-docs:begin -->\n', 'auth-docs')).toBe(
      'no-marker',
    );
    expect(splitRegion('<!-- mcp-factory:auth-docs:begin -->\n', 'auth-docs')).toBe('no-marker');
  });
});
