// The Node versions the factory and a generated repo promise (package.json engines, README "Node 20.19+") are the
// ones they work on: nothing installed needs a newer Node (npm's EBADENGINE warnings), `npm run inspect` runs an
// Inspector that supports them, and the quick start builds once.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import nodePlop from 'node-plop';
import { versions } from '../../engine/versions.js';
import { oldestNode, packagesExcluding } from '../helpers/engines.js';
import { FACTORY_ROOT, tempDir } from '../helpers/fsSnapshot.js';

const factoryOldest = oldestNode(path.join(FACTORY_ROOT, 'package.json'));

describe('supported Node versions', () => {
  it.each([
    ['the oldest Node the factory allows', factoryOldest],
    ['the running Node', process.versions.node],
  ])('every package installed for the factory runs on %s', (_which, node) => {
    expect(packagesExcluding(FACTORY_ROOT, node)).toEqual([]);
  });

  describe('a generated repo', () => {
    let repo: string;
    let nextSteps: string;
    beforeAll(async () => {
      const parent = tempDir('mcp-factory-node-');
      const plop = await nodePlop(path.join(FACTORY_ROOT, 'plopfile.ts'), { destBasePath: parent, force: false });
      const { changes, failures } = await plop
        .getGenerator('server')
        .runActions({ name: 'node-check', preset: 'rest', baseUrl: 'https://api.example.com' });
      expect(failures).toEqual([]);
      repo = path.join(parent, 'node-check');
      nextSteps = changes.map((c) => c.path).find((text) => text.includes('Next:')) ?? '';
    });
    const manifest = () =>
      JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as {
        engines: { node: string };
        scripts: Record<string, string>;
      };

    it('promises the Node the factory checked its dependencies on', () => {
      expect(oldestNode(path.join(repo, 'package.json'))).toBe(factoryOldest);
    });

    it('`npm run inspect` runs the Inspector the factory tests with (installed above), not the latest', () => {
      const pinned = versions['@modelcontextprotocol/inspector'];
      expect(manifest().scripts.inspect).toBe(`npx @modelcontextprotocol/inspector@${pinned} node dist/index.js`);
      const installed = path.join(FACTORY_ROOT, 'node_modules/@modelcontextprotocol/inspector/package.json');
      expect(JSON.parse(fs.readFileSync(installed, 'utf8')).version).toBe(pinned);
    });

    it('the quick start builds once: `npm test` builds first, so nothing after it runs `npm run build` again', () => {
      expect(manifest().scripts.pretest).toBe('npm run build');
      const blockWith = (text: string, marker: string) =>
        text.split('```').find((block) => block.includes(marker)) ?? '';
      const blocks = {
        'factory README': blockWith(fs.readFileSync(path.join(FACTORY_ROOT, 'README.md'), 'utf8'), 'cd ~/code/'),
        'generated README': blockWith(fs.readFileSync(path.join(repo, 'README.md'), 'utf8'), 'npm install'),
        'next steps': nextSteps,
      };
      for (const [where, block] of Object.entries(blocks)) {
        const commands = block.replace(/#.*/g, ''); // comments may mention the build; commands must not run it
        expect([where, commands.includes('npm test')]).toEqual([where, true]);
        expect([where, commands.slice(commands.indexOf('npm test'))]).not.toEqual([
          where,
          expect.stringContaining('npm run build'),
        ]);
      }
    });
  });
});
