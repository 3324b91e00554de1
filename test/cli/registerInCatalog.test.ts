// `server` registers the new repo in the catalog once written; a --dry-run or a refused run does not.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import nodePlop from 'node-plop';
import { readCatalog } from '../../cli/catalog.js';
import { FACTORY_ROOT, tempDir } from '../helpers/fsSnapshot.js';

const server = async (dest: string, answers: Record<string, unknown>) => {
  const plop = await nodePlop(path.join(FACTORY_ROOT, 'plopfile.ts'), { destBasePath: dest, force: false });
  return plop.getGenerator('server').runActions({ preset: 'rest', baseUrl: 'https://api.example.com', ...answers });
};

describe('server registers in the catalog', () => {
  let home: string;
  const before = process.env.MCP_FACTORY_HOME;
  beforeEach(() => {
    home = tempDir();
    process.env.MCP_FACTORY_HOME = home;
  });
  afterEach(() => {
    process.env.MCP_FACTORY_HOME = before;
  });

  it('after writing the repo', async () => {
    const dest = tempDir();
    const { failures, changes } = await server(dest, { name: 'acme-notes', mcpName: 'io.github.acme/acme-notes' });
    expect(failures).toEqual([]);
    expect(changes.map((c) => c.path).join('\n')).toContain(`registered acme-notes in the server catalog ${home}`);
    expect(readCatalog(home)).toEqual([
      {
        name: 'acme-notes',
        mcpName: 'io.github.acme/acme-notes',
        path: path.join(dest, 'acme-notes'),
        registeredAt: expect.any(String),
      },
    ]);
  });

  it('not on --dry-run, nor when the run is refused', async () => {
    const dest = tempDir();
    const dry = await server(dest, { name: 'acme-dry', dryRun: true });
    expect(dry.failures).toEqual([]);
    fs.mkdirSync(path.join(dest, 'taken'));
    fs.writeFileSync(path.join(dest, 'taken', 'x'), '');
    const refused = await server(dest, { name: 'taken' });
    expect(refused.failures[0]?.error).toContain('already exists and is not empty');
    expect(fs.existsSync(path.join(home, 'catalog.json'))).toBe(false);
  });
});
