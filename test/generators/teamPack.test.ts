// Team packs, in a small fixture server repo: a host plopfile that loads the factory and then the
// example pack (examples/team-pack) gets the pack's generator, the pack's partial wins over the
// factory's, the repo's own .mcp-factory/ overrides win over both, and without the pack the
// factory's partial applies again. Also: a fork's changed template reaches the repos it generates.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import nodePlop, { type NodePlopAPI } from 'node-plop';
import { FACTORY_ROOT, fixtureRepo, snapshot, tempDir } from '../helpers/fsSnapshot.js';
import { expectOneLineRefusal } from '../helpers/refusal.js';
import { factoryStamp } from '../../engine/factoryStamp.js';

const factoryPlopfile = path.join(FACTORY_ROOT, 'plopfile.ts');
const packPlopfile = path.join(FACTORY_ROOT, 'examples/team-pack/plopfile.js');
const teamLine = '_(Acme platform; questions in #mcp-servers)_';

let hosts = 0;
/** A server repo's plopfile, as generated, loading the factory and then each pack in order (a new file each time: jest caches modules). */
async function host(repo: string, packs: string[] = [packPlopfile]): Promise<NodePlopAPI> {
  const plopfile = path.join(repo, `plopfile-${(hosts += 1)}.js`);
  fs.writeFileSync(
    plopfile,
    `import { loadPacks } from 'mcp-factory';\nexport default (plop) => loadPacks(plop, ${JSON.stringify([factoryPlopfile, ...packs])});\n`,
  );
  return nodePlop(plopfile, { destBasePath: repo, force: false });
}

const read = (repo: string, file: string) => fs.readFileSync(path.join(repo, file), 'utf8');
const getThing = { name: 'get_thing', description: 'Fetch a thing', path: '/things/{id}', params: 'id:string' };

describe('a team pack loaded after the factory', () => {
  it('adds its generators to the list, each named with the pack it comes from', async () => {
    const plop = await host(fixtureRepo());
    expect(plop.getGeneratorList().map((g) => [g.name, /\[(.+)\]$/.exec(g.description)?.[1]])).toEqual([
      ['method', 'mcp-factory'],
      ['resource', 'mcp-factory'],
      ['prompt', 'mcp-factory'],
      ['openapi', 'mcp-factory'],
      ['auth', 'mcp-factory'],
      ['persistence', 'mcp-factory'],
      ['http', 'mcp-factory'],
      ['update', 'mcp-factory'],
      ['eject', 'mcp-factory'],
      ['fixtures', 'mcp-factory'],
      ['team-status', '@example/mcp-team-pack'],
    ]);
  });

  it('runs the team generator: its own template and test, registered at the factory markers, recorded', async () => {
    const repo = fixtureRepo();
    const { changes, failures } = await (
      await host(repo)
    )
      .getGenerator('team-status')
      .runActions({ name: 'billing_status', service: 'billing' });
    expect(failures).toEqual([]);
    expect(changes.map((c) => c.path)).toContain('wrote 5 file(s): 2 created, 3 modified');
    expect(read(repo, 'src/tools/billingStatus.ts')).toContain("path: '/status/billing'");
    expect(read(repo, 'test/unit/billingStatus.test.ts')).toContain(
      'loadConfig({ ...credentials, FIXTURE_API_BASE_URL: BASE',
    );
    expect(read(repo, 'src/primitives.ts')).toContain(
      "import { billingStatus } from './tools/billingStatus.js';\n// mcp-factory:tool-imports",
    );
    expect(read(repo, 'src/primitives.ts')).toContain('  billingStatus,\n  // mcp-factory:tools');
    expect(read(repo, 'README.md')).toContain(
      `- \`billing_status\`: status of the billing service (\`GET /status/billing\`, no input) ${teamLine}`,
    );
    expect(JSON.parse(read(repo, '.mcp-factory.json')).runs.at(-1)).toEqual({
      generator: 'team-status',
      answers: { name: 'billing_status', service: 'billing' },
      factory: factoryStamp(), // the factory that made the run: `update`'s baseline
    });
  });

  it('refuses bad answers of the team generator with one line, changing no byte', async () => {
    const repo = fixtureRepo();
    const plop = await host(repo);
    await expectOneLineRefusal(
      repo,
      () => plop.getGenerator('team-status').runActions({ name: 'ping', service: 'billing' }),
      'tool ping already exists',
    );
    await expectOneLineRefusal(
      repo,
      () => plop.getGenerator('team-status').runActions({ name: 'x_status', service: 'Billing!' }),
      '--service must be a lowercase service id',
    );
  });

  it("injects the pack's partial in the factory's own generator, and says where it came from", async () => {
    const repo = fixtureRepo();
    const { changes, failures } = await (await host(repo)).getGenerator('method').runActions({ ...getThing });
    expect(failures).toEqual([]);
    expect(changes.map((c) => c.path).join('\n')).toContain(
      'README.md: inject method/readme.md (@example/mcp-team-pack) at readme-tools',
    );
    expect(read(repo, 'README.md')).toContain(
      `- \`get_thing\`: Fetch a thing (\`GET /things/{id}\`: \`id\`) ${teamLine}`,
    );
  });

  it("lets the repo's .mcp-factory/partials override the pack and the factory", async () => {
    const repo = fixtureRepo();
    fs.mkdirSync(path.join(repo, '.mcp-factory/partials/method'), { recursive: true });
    fs.writeFileSync(path.join(repo, '.mcp-factory/partials/method/readme.md.ejs'), '* <%= toolName %> (ours)\n');
    const { failures } = await (await host(repo)).getGenerator('method').runActions({ ...getThing });
    expect(failures).toEqual([]);
    expect(read(repo, 'README.md')).toContain('* get_thing (ours)\n<!-- mcp-factory:readme-tools -->');
  });

  it("restores the factory's partial once the pack is no longer loaded", async () => {
    const repo = fixtureRepo();
    // a run with the pack, then the pack's line removed from the plopfile
    expect(
      (await (await host(repo)).getGenerator('team-status').runActions({ name: 'a_status', service: 'a' })).failures,
    ).toEqual([]);
    const { changes, failures } = await (await host(repo, [])).getGenerator('method').runActions({ ...getThing });
    expect(failures).toEqual([]);
    expect(changes.map((c) => c.path).join('\n')).toContain(
      'README.md: inject method/readme.md (mcp-factory) at readme-tools',
    );
    expect(read(repo, 'README.md')).toContain(
      '- `get_thing`: Fetch a thing (`GET /things/{id}`: `id`)\n<!-- mcp-factory:readme-tools -->',
    );
  });

  it('lets a later pack win over an earlier one for the same partial', async () => {
    // The later pack is laid out as packs were before partials moved to their generator's folder
    // (partials/readme/tool.md.ejs for method/readme.md.ejs): it still wins.
    const later = tempDir('mcp-factory-pack-');
    fs.mkdirSync(path.join(later, 'partials/readme'), { recursive: true });
    fs.writeFileSync(
      path.join(later, 'partials/readme/tool.md.ejs'),
      '- `<%= toolName %>`: <%- description %> (later pack)\n',
    );
    fs.writeFileSync(
      path.join(later, 'plopfile.js'),
      `import { definePack } from 'mcp-factory';\nexport default definePack({ name: 'later-pack', root: import.meta.dirname, generators: [] });\n`,
    );
    const repo = fixtureRepo();
    const { failures } = await (
      await host(repo, [packPlopfile, path.join(later, 'plopfile.js')])
    )
      .getGenerator('method')
      .runActions({ ...getThing });
    expect(failures).toEqual([]);
    expect(read(repo, 'README.md')).toContain('(later pack)\n<!-- mcp-factory:readme-tools -->');
    expect(read(repo, 'README.md')).not.toContain(teamLine);
  });
});

describe('a fork of the factory', () => {
  it('generates servers that carry its changed template', async () => {
    const fork = tempDir('mcp-factory-fork-');
    for (const entry of [
      'plopfile.ts',
      'package.json',
      'engine',
      'generators',
      'cli',
      'partials',
      'runtime/src',
      'runtime/package.json',
    ]) {
      fs.cpSync(path.join(FACTORY_ROOT, entry), path.join(fork, entry), { recursive: true });
    }
    fs.symlinkSync(path.join(FACTORY_ROOT, 'node_modules'), path.join(fork, 'node_modules'));
    const gitignore = path.join(fork, 'generators/server/files/_gitignore');
    fs.appendFileSync(gitignore, '# our team ignores these too\n*.local\n');
    const parent = tempDir();
    const plop = await nodePlop(path.join(fork, 'plopfile.ts'), { destBasePath: parent, force: false });
    const { failures } = await plop
      .getGenerator('server')
      .runActions({ name: 'forked', preset: 'rest', baseUrl: 'https://api.example.com' });
    expect(failures).toEqual([]);
    expect(read(path.join(parent, 'forked'), '.gitignore')).toContain('*.local');
    expect(snapshot(path.join(parent, 'forked'))['src/tools/ping.ts']).toBeDefined();
  });
});
