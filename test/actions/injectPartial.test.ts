// Injection at markers alone: indentation, idempotence, and a missing or look-alike marker.
import { describe, expect, it } from '@jest/globals';
import { injectAboveMarker, injectAllAboveMarker } from '../../engine/actions/injectPartial.js';
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

/** The plain definition (the file as lines; the block present as consecutive whole lines), to compare with. */
function reference(source: string, block: string): string | 'present' | 'no-marker' {
  const lines = source.split('\n');
  const index = lines.findIndex((line) => /mcp-factory:tools(?![\w-])/.test(line));
  if (index < 0) return 'no-marker';
  const indent = /^\s*/.exec(lines[index])?.[0] ?? '';
  const blockLines = block
    .replace(/\n+$/, '')
    .split('\n')
    .map((line) => (line ? indent + line : line));
  if (lines.some((_, i) => blockLines.every((bl, j) => lines[i + j] === bl))) return 'present';
  lines.splice(index, 0, ...blockLines);
  return lines.join('\n');
}

describe('injectAllAboveMarker', () => {
  it('gives what the plain definition block by block gives (as injectAboveMarker does), for 500 random files', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
    const lines = ['  a,', 'b,', '', '  // mcp-factory:tools', '// mcp-factory:tools-extra', 'x', '  b,'];
    const blocks = ['a,', 'b,', 'a,\nb,', '', '\n', 'x', 'c,\n\nd,', '// mcp-factory:tools', 'b,\n'];
    for (let i = 0; i < 500; i += 1) {
      const source = Array.from({ length: Math.floor(next() * 8) }, () => pick(lines)).join('\n');
      const list = Array.from({ length: Math.floor(next() * 6) }, () => pick(blocks));
      let expected: string | 'no-marker' = source;
      let inserted = 0;
      for (const block of list) {
        if (expected === 'no-marker') break;
        const one = reference(expected, block);
        expect(injectAboveMarker(expected, 'tools', block)).toBe(one);
        if (one === 'present') continue;
        if (one !== 'no-marker') inserted += 1;
        expected = one;
      }
      const all = injectAllAboveMarker(source, 'tools', list);
      if (expected === 'no-marker' || (list.length === 0 && injectAboveMarker(source, 'tools', 'x') === 'no-marker'))
        expect(all).toBe('no-marker');
      else expect(all).toEqual({ source: expected, inserted });
    }
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
