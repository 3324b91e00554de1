// `npx plop update` from the chat presets whose `ask` tool held its own answer reading, sources listing and sample
// answer (the factory as of LAST_INLINE_CHAT_FACTORY, archived from this checkout's history) to the current one,
// where that plumbing is the runtime's (@mcp-factory/runtime/chat): an untouched tool and test become exactly what
// the factory now writes, and an author's edit to the tool survives the three-way merge.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect } from '@jest/globals';
import { FACTORY_ROOT, tempDir } from '../helpers/fsSnapshot.js';
import { archivedFactory, commitAll, plopOk } from '../helpers/fixtureFactory.js';
import { beforeAll, it } from '../helpers/timeouts.js';

/** The factory's last commit whose chat presets' `ask` tools read their answers themselves. */
const LAST_INLINE_CHAT_FACTORY = '88243dc';
const FILES = ['src/tools/ask.ts', 'test/unit/ask.test.ts'];
const EDITED = "description: 'Ask our own Perplexity account";

let parent: string;
let fresh: string;
const read = (repo: string, file: string) => fs.readFileSync(path.join(parent, repo, file), 'utf8');
const server = (name: string, preset: string) => ['--name', name, '--preset', preset];
const outputs: Record<string, string> = {};

beforeAll(() => {
  const oldFactory = archivedFactory(LAST_INLINE_CHAT_FACTORY, 'mcp-factory-inline-chat-factory-');
  parent = tempDir('mcp-factory-inline-chat-');
  fresh = tempDir('mcp-factory-chat-now-');
  for (const [name, preset] of [
    ['untouched', 'gemini'],
    ['edited', 'perplexity'],
  ]) {
    plopOk(oldFactory, ['server', '--dest', parent, '--', ...server(name, preset)]);
    plopOk(FACTORY_ROOT, ['server', '--dest', fresh, '--', ...server(name, preset), '--no-git']);
    expect(read(name, 'src/tools/ask.ts')).toContain('export function sourcesOf(');
  }
  const tool = path.join(parent, 'edited', 'src/tools/ask.ts');
  fs.writeFileSync(tool, fs.readFileSync(tool, 'utf8').replace("description: 'Ask Perplexity", EDITED));
  for (const repo of ['untouched', 'edited']) {
    commitAll(path.join(parent, repo), 'generated with the inline ask plumbing');
    const dest = path.join(parent, repo);
    outputs[repo] = plopOk(FACTORY_ROOT, ['update', '--dest', dest, '--', '--baseline', oldFactory]);
  }
}, 180_000);

describe('a chat server generated while its ask tool read answers itself', () => {
  it('is updated without conflict: the untouched tool and test are what the factory now writes', () => {
    expect(outputs.untouched).not.toContain('conflict');
    expect(outputs.untouched).toMatch(/updated +src\/tools\/ask\.ts/);
    expect(outputs.untouched).toMatch(/updated +test\/unit\/ask\.test\.ts/);
    for (const file of FILES) {
      expect({ file, text: read('untouched', file) }).toEqual({
        file,
        text: fs.readFileSync(path.join(fresh, 'untouched', file), 'utf8'),
      });
    }
  });

  it("keeps the author's edit to the tool, merged with the runtime's chat module", () => {
    expect(outputs.edited).not.toContain('conflict');
    expect(outputs.edited).toMatch(/merged +src\/tools\/ask\.ts/);
    const tool = read('edited', 'src/tools/ask.ts');
    expect(tool).toContain(EDITED);
    expect(tool).toContain("import * as chat from '@mcp-factory/runtime/chat';");
    expect(tool).not.toContain('sourcesOf');
    expect(read('edited', 'test/unit/ask.test.ts')).toBe(fs.readFileSync(path.join(fresh, 'edited', FILES[1]), 'utf8'));
  });
});
