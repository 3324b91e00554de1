// `server --openapi` on a spec that names no server (real ones do: the base URL is the user's
// account, region or deployment): it generates, says which flag or variable fills the base URL, and
// the server reads it from <PREFIX>_BASE_URL at run time (no default), with calls failing clearly
// until it is set. A preset without a spec still refuses a missing --baseUrl (server.test.ts).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import nodePlop from 'node-plop';
import { FACTORY_ROOT, tempDir } from '../helpers/fsSnapshot.js';

const spec = {
  openapi: '3.0.3',
  info: { title: 'No server', version: '1' },
  paths: { '/orders': { get: { operationId: 'listOrders', responses: { '200': { description: 'ok' } } } } },
};

describe('server --openapi with a spec that names no server', () => {
  it('generates, reading the base URL from <PREFIX>_BASE_URL at run time, and says so in one line', async () => {
    const parent = tempDir();
    const file = path.join(parent, 'noserver.json');
    fs.writeFileSync(file, JSON.stringify(spec));
    const plop = await nodePlop(path.join(FACTORY_ROOT, 'plopfile.ts'), { destBasePath: parent, force: false });
    const generator = plop.getGenerator('server');
    const answers = { name: 'no-server', preset: 'rest', openapi: file };

    const dry = await generator.runActions({ ...answers, dryRun: true });
    expect(dry.failures).toEqual([]);
    const shown = dry.changes.map((c) => c.path).join('\n');
    expect(shown).toContain('upstream from NO_SERVER_BASE_URL at run time');
    expect(shown).toContain(
      'the spec names no server: set NO_SERVER_BASE_URL when running the server, or generate with --baseUrl <url>',
    );

    const { failures } = await generator.runActions(answers);
    expect(failures).toEqual([]);
    const repo = path.join(parent, 'no-server');
    const read = (f: string) => fs.readFileSync(path.join(repo, f), 'utf8');
    expect(read('src/config.ts')).toContain('BASE_URL: z.url({ protocol: /^https?$/ }).optional(),');
    expect(read('src/config.ts')).toContain("baseUrl: (e.BASE_URL ?? '').replace(");
    expect(read('src/config.ts')).toContain('envPrefix: ENV_PREFIX,'); // the runtime's client names <PREFIX>_BASE_URL
    // The generated repo's own test proves it at run time (its unit tests run in the corpus report).
    expect(read('test/e2e/server.e2e.test.ts')).toContain(
      "it('fails each call naming NO_SERVER_BASE_URL while it is not set'",
    );
    expect(read('README.md')).toMatch(/\| `NO_SERVER_BASE_URL` \| yes \| {2}\|/);
    expect(JSON.parse(read('server.json')).packages[0].environmentVariables[0]).toMatchObject({
      name: 'NO_SERVER_BASE_URL',
      isRequired: true,
    });
    // The server's run records that the base URL comes at run time (it replays without the spec, whose tools
    // are the openapi run's).
    const [server, tools] = JSON.parse(read('.mcp-factory.json')).runs;
    expect(server.answers).toMatchObject({ baseUrl: '', baseUrlAtRunTime: true });
    expect(server.answers.openapi).toBeUndefined();
    expect(tools).toMatchObject({ generator: 'openapi', answers: { tools: ['list_orders'] } });

    // The same choice without a spec: the config and server.json a rest server gets with --baseUrlAtRunTime.
    const plain = await generator.runActions({ name: 'plain', preset: 'rest', baseUrlAtRunTime: true });
    expect(plain.failures).toEqual([]);
    const config = fs.readFileSync(path.join(parent, 'plain/src/config.ts'), 'utf8');
    expect(config).toContain('BASE_URL: z.url({ protocol: /^https?$/ }).optional(),');
    const both = await generator.runActions({
      name: 'both',
      preset: 'rest',
      baseUrlAtRunTime: true,
      baseUrl: 'https://api.example.com',
    });
    expect(both.failures[0]?.error).toContain('--baseUrlAtRunTime and --baseUrl: give one of them');
    expect(fs.existsSync(path.join(parent, 'both'))).toBe(false);
  });
});
