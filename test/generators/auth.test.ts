// The `auth` generator against freshly generated server repos (in-process, no install): what each
// scheme writes, that a switch leaves nothing of the previous scheme, re-runs, refusals that change
// no byte, hand edits that are never overwritten, dry runs; and `server --auth`.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import nodePlop from 'node-plop';
import { FACTORY_ROOT, snapshot, tempDir } from '../helpers/fsSnapshot.js';
import { expectOneLineRefusal, expectRefusalAfterEdit } from '../helpers/refusal.js';
import { generateServer } from '../helpers/generatedRepo.js';
import { factoryStamp } from '../../engine/factoryStamp.js';
import { plopWith } from '../helpers/fixtureFactory.js';

const plopfile = path.join(FACTORY_ROOT, 'plopfile.ts');

const serverRepo = (extra: Record<string, unknown> = {}) =>
  generateServer({ name: 'acme-api', preset: 'rest', baseUrl: 'https://api.example.com', ...extra });

const auth = async (repo: string, answers: Record<string, unknown>) =>
  (await nodePlop(plopfile, { destBasePath: repo, force: false })).getGenerator('auth').runActions({ ...answers });
const read = (repo: string, file: string) => fs.readFileSync(path.join(repo, file), 'utf8');
const envVarsOf = (repo: string) =>
  JSON.parse(read(repo, 'server.json')).packages[0].environmentVariables.map(
    (v: { name: string; isSecret: boolean }) => `${v.name}${v.isSecret ? ' (secret)' : ''}`,
  );

/** Every file of the repo but its history (.mcp-factory.json), for "nothing of the previous scheme is left". */
const allText = (repo: string) =>
  Object.keys(snapshot(repo))
    .filter((f) => f !== '.mcp-factory.json')
    .map((f) => read(repo, f))
    .join('\n');

/** How a repo presents a key: server.json's isRequired and the README's Required column. */
const keyShown = (repo: string, name: string) => ({
  serverJson: JSON.parse(read(repo, 'server.json')).packages[0].environmentVariables.find(
    (v: { name: string }) => v.name === name,
  )?.isRequired,
  readme: read(repo, 'README.md').match(new RegExp(`^\\| \`${name}\` \\| (yes|no) \\|`, 'm'))?.[1],
});
const shownAs = (required: boolean) => ({
  serverJson: required,
  readme: required ? 'yes' : 'no',
});

describe('auth generator: one repo switched through every scheme', () => {
  let repo: string;
  beforeAll(async () => {
    repo = await serverRepo();
  });

  const steps: Array<[string, Record<string, unknown>, string[], string[]]> = [
    // answers, what must be there, what must be gone (the previous scheme's traces)
    [
      'none',
      { scheme: 'none' },
      ["AUTH_SCHEME = 'none'", 'This server sends no credentials'],
      ['ACME_API_API_KEY', 'Bearer'],
    ],
    [
      'bearer',
      { scheme: 'bearer' },
      ['headers.authorization = `Bearer ${auth.apiKey}`', 'ACME_API_API_KEY'],
      ["AUTH_SCHEME = 'none'"],
    ],
    [
      'header',
      { scheme: 'header', headerName: 'X-Subscription-Token', envVar: 'ACME_TOKEN' },
      ["KEY_HEADER = 'X-Subscription-Token'", 'ACME_TOKEN'],
      ['ACME_API_API_KEY', 'Authorization: Bearer'],
    ],
    [
      'query',
      { scheme: 'query', queryParam: 'key' },
      ["KEY_PARAM = 'key'", 'ACME_API_API_KEY'],
      ['X-Subscription-Token', 'ACME_TOKEN'],
    ],
    [
      'basic',
      { scheme: 'basic' },
      ['ACME_API_USERNAME', 'ACME_API_PASSWORD', 'Basic ${auth.encoded}'],
      ['ACME_API_API_KEY', 'KEY_PARAM'],
    ],
    [
      'oauth2',
      {
        scheme: 'oauth2',
        tokenUrl: 'https://auth.example.com/oauth/token',
        scopes: 'read,write',
        audience: 'https://api.example.com',
      },
      [
        'ACME_API_CLIENT_ID',
        'ACME_API_CLIENT_SECRET',
        'ACME_API_TOKEN_URL',
        "SCOPES: string | undefined = 'read write'",
      ],
      ['ACME_API_USERNAME', 'ACME_API_PASSWORD'],
    ],
    [
      'none again',
      { scheme: 'none' },
      ["AUTH_SCHEME = 'none'"],
      ['ACME_API_CLIENT_ID', 'ACME_API_TOKEN_URL', 'client_credentials', 'auth.example.com'],
    ],
  ];

  it.each(steps)('switches to %s, leaving nothing of the previous scheme', async (_name, answers, present, gone) => {
    const { failures, changes } = await auth(repo, answers);
    expect(failures).toEqual([]);
    expect(changes.map((c) => c.path).join('\n')).toMatch(/wrote 6 file\(s\): 0 created, 6 modified/);
    const text = allText(repo);
    for (const needle of present) expect(text).toContain(needle);
    for (const needle of gone) expect(text).not.toContain(needle);
    expect(JSON.parse(read(repo, '.mcp-factory.json')).runs.at(-1)).toEqual({
      generator: 'auth',
      answers: expect.objectContaining({ scheme: answers.scheme }),
      factory: factoryStamp(), // the factory that made the run: `update`'s baseline
    });
    // The scheme in place, for later generators (openapi's note on a spec that authenticates otherwise).
    expect(JSON.parse(read(repo, '.mcp-factory.json')).facts).toEqual({
      envPrefix: 'ACME_API',
      auth: answers.scheme,
      persistence: 'none',
    });
  });

  it('keeps every other variable and hand edit of server.json and README.md', async () => {
    fs.appendFileSync(path.join(repo, 'README.md'), '\nOur own notes.\n');
    const { failures } = await auth(repo, { scheme: 'bearer', envVar: 'ACME_KEY' });
    expect(failures).toEqual([]);
    expect(envVarsOf(repo)).toEqual(['ACME_KEY (secret)', 'ACME_API_BASE_URL']);
    expect(read(repo, 'README.md')).toContain('Our own notes.');
    expect(read(repo, 'README.md')).toContain(
      '| `ACME_KEY` | yes |  | API key, sent as Authorization: Bearer (secret) |',
    );
  });

  it('says so and changes no byte when the scheme is already in place', async () => {
    const before = snapshot(repo);
    const { failures, changes } = await auth(repo, { scheme: 'bearer', envVar: 'ACME_KEY' });
    expect(failures).toEqual([]);
    const said = changes.map((c) => c.path).join('\n');
    expect(said).toContain('auth: already bearer');
    expect(said).toContain('nothing to change: everything is already up to date');
    expect(snapshot(repo)).toEqual(before);
  });

  it('lists what it would change on --dry-run and writes nothing', async () => {
    const before = snapshot(repo);
    const { failures, changes } = await auth(repo, { scheme: 'basic', dryRun: true });
    expect(failures).toEqual([]);
    const listed = changes.map((c) => c.path).join('\n');
    for (const file of [
      'src/auth.ts',
      'test/unit/auth.test.ts',
      'test/fixtures/credentials.ts',
      'README.md',
      'server.json',
      '.mcp-factory.json',
    ]) {
      expect(listed).toContain(`would modify ${file}`);
    }
    expect(snapshot(repo)).toEqual(before);
  });

  it('refuses to replace src/auth.ts or the credentials section once edited by hand', async () => {
    const toNone = () => auth(repo, { scheme: 'none' });
    await expectRefusalAfterEdit(
      repo,
      'src/auth.ts',
      (c) => `${c}// our own tweak\n`,
      toNone,
      'refusing to overwrite src/auth.ts: it was changed since mcp-factory wrote it',
    );
    await expectRefusalAfterEdit(
      repo,
      'README.md',
      (c) => c.replace('## Credentials', '## Credentials\n\nAsk Sam for a key.'),
      toNone,
      'README.md: the auth-docs section was changed by hand',
    );
  });

  it.each([
    [{ scheme: 'kerberos' }, '--auth must be one of none, bearer, header, query, basic, oauth2, got "kerberos"'],
    [{}, 'missing --auth: choose one of none, bearer, header, query, basic, oauth2'],
    [{ scheme: 'header', headerName: 'X Api Key' }, '--headerName must be an HTTP header name'],
    [{ scheme: 'header', headerName: 'X-Api-Key:' }, '--headerName must be an HTTP header name'],
    [
      { scheme: 'bearer', envVar: 'acme_key' },
      '--envVar must be an UPPER_SNAKE environment variable name, got "acme_key"',
    ],
    [
      { scheme: 'basic', passwordVar: 'ACME-PASSWORD' },
      '--passwordVar must be an UPPER_SNAKE environment variable name',
    ],
    [{ scheme: 'oauth2' }, 'missing --tokenUrl'],
    [
      { scheme: 'oauth2', tokenUrl: 'http://auth.example.com/token' },
      '--tokenUrl must be https (http only for localhost)',
    ],
    [{ scheme: 'oauth2', tokenUrl: 'not a url' }, '--tokenUrl must be a URL'],
    [{ scheme: 'bearer', headerName: 'X-Api-Key' }, '--headerName does not apply to --auth bearer (it is for header)'],
    [
      { scheme: 'query', tokenUrl: 'https://a.example.com/t' },
      '--tokenUrl does not apply to --auth query (it is for oauth2)',
    ],
    [
      { scheme: 'none', envVar: 'ACME_KEY' },
      '--envVar does not apply to --auth none (it is for bearer, header, query)',
    ],
    [{ scheme: 'query', queryParam: 'a&b' }, '--queryParam must be a query parameter name'],
  ])('refuses %j with one line, changing no byte', async (answers, message) => {
    await expectOneLineRefusal(repo, () => auth(repo, answers), message);
  });

  it('accepts an http token URL on localhost (a local identity provider)', async () => {
    const { failures } = await auth(repo, { scheme: 'oauth2', tokenUrl: 'http://localhost:8080/token', dryRun: true });
    expect(failures).toEqual([]);
  });

  it('names a removed region marker and changes no byte', async () => {
    await expectRefusalAfterEdit(
      repo,
      'README.md',
      (c) => c.replace('<!-- mcp-factory:auth-docs:end -->', ''),
      () => auth(repo, { scheme: 'none' }),
      'README.md: marker "mcp-factory:auth-docs" not found',
    );
  });

  it('refuses outside a server repo', async () => {
    const elsewhere = tempDir();
    await expectOneLineRefusal(elsewhere, () => auth(elsewhere, { scheme: 'none' }), 'not inside an MCP server repo');
  });
});

describe('auth generator: whether the key is optional is an answer of its own', () => {
  it('rest preset → auth header → auth bearer keeps the key optional in server.json and README', async () => {
    const repo = await serverRepo();
    expect(keyShown(repo, 'ACME_API_API_KEY')).toEqual(shownAs(false));
    for (const scheme of ['header', 'bearer']) {
      const { failures } = await auth(repo, { scheme });
      expect(failures).toEqual([]);
      expect(keyShown(repo, 'ACME_API_API_KEY')).toEqual(shownAs(false));
      expect(read(repo, 'src/auth.ts')).toContain('the key is optional (sent when set)');
      // the repo's own test proves it: a call without the key sends no credential at all
      expect(read(repo, 'test/unit/auth.test.ts')).toContain('(the key is optional)');
      if (scheme === 'header')
        expect(read(repo, 'test/unit/auth.test.ts')).toContain("expect(headers['x-api-key']).toBeUndefined();");
      expect(JSON.parse(read(repo, '.mcp-factory.json')).runs.at(-1).answers).toMatchObject({ scheme, optional: true });
    }
  });

  it("the README's client configs hold no placeholder for an optional key (it would be sent upstream as the key)", async () => {
    const repo = await serverRepo();
    const clients = () => read(repo, 'README.md').split('## Use it from a client')[1];
    expect(clients()).not.toMatch(/ACME_API_API_KEY"?[:=] ?"?your-/);
    expect(clients()).toContain('The key is optional, so these entries leave it out');
    const { failures } = await auth(repo, { scheme: 'bearer', optional: false });
    expect(failures).toEqual([]);
    // a required key: the placeholder shows where it goes (without it every call fails anyway)
    expect(clients()).toContain('"ACME_API_API_KEY": "your-acme-api-api-key"');
    expect(clients()).toContain('--env ACME_API_API_KEY=your-acme-api-api-key');
  });

  it('--no-optional makes it required, kept by the next switch; --optional makes it optional again', async () => {
    const repo = await serverRepo();
    const steps: Array<[Record<string, unknown>, boolean]> = [
      [{ scheme: 'bearer', optional: false }, true],
      [{ scheme: 'query' }, true],
      [{ scheme: 'header', optional: true }, false],
    ];
    for (const [answers, required] of steps) {
      const { failures } = await auth(repo, answers);
      expect(failures).toEqual([]);
      expect(keyShown(repo, 'ACME_API_API_KEY')).toEqual(shownAs(required));
      expect(JSON.parse(read(repo, '.mcp-factory.json')).runs.at(-1).answers.optional).toBe(!required);
    }
  });

  it.each(['basic', 'none'])(
    'refuses --optional for %s (only a key can be optional), changing no byte',
    async (scheme) => {
      const repo = await serverRepo();
      await expectOneLineRefusal(
        repo,
        () => auth(repo, { scheme, optional: true }),
        `--optional does not apply to --auth ${scheme} (it is for bearer, header, query)`,
      );
    },
  );
});

describe('server --auth', () => {
  it.each([
    [
      'perplexity',
      {},
      ['PERPLEXITY_API_KEY (secret)', 'PERPLEXITY_BASE_URL', 'PERPLEXITY_MODEL'],
      'headers.authorization = `Bearer ${auth.apiKey}`',
    ],
    ['gemini', {}, ['GEMINI_API_KEY (secret)', 'GEMINI_BASE_URL', 'GEMINI_MODEL'], "KEY_HEADER = 'x-goog-api-key'"],
    [
      'rest',
      { auth: 'query', queryParam: 'key' },
      ['ACME_API_API_KEY (secret)', 'ACME_API_BASE_URL'],
      "KEY_PARAM = 'key'",
    ],
    [
      'rest',
      { auth: 'basic', usernameVar: 'ACME_USER' },
      ['ACME_USER (secret)', 'ACME_API_PASSWORD (secret)', 'ACME_API_BASE_URL'],
      'Basic ${auth.encoded}',
    ],
    [
      'rest',
      { auth: 'oauth2', tokenUrl: 'https://auth.example.com/token' },
      ['ACME_API_CLIENT_ID (secret)', 'ACME_API_CLIENT_SECRET (secret)', 'ACME_API_TOKEN_URL', 'ACME_API_BASE_URL'],
      'client_credentials',
    ],
    ['rest', { auth: 'none' }, ['ACME_API_BASE_URL'], "AUTH_SCHEME = 'none'"],
  ])(
    '%s %j starts with that scheme, recorded as an auth run unless the preset has it',
    async (preset, extra, vars, code) => {
      const repo = await serverRepo({ preset, ...extra });
      expect(envVarsOf(repo)).toEqual(vars);
      expect(read(repo, 'src/auth.ts')).toContain(code);
      const { runs, facts } = JSON.parse(read(repo, '.mcp-factory.json'));
      // The server run records the scheme it rendered (the preset's); a different --auth is the auth generator's run.
      const presetScheme = preset === 'gemini' ? 'header' : 'bearer';
      const chosen = (extra as { auth?: string }).auth ?? presetScheme;
      expect(runs[0].answers.auth).toBe(presetScheme);
      expect(
        runs.slice(1).map((r: { generator: string; answers: { scheme?: string } }) => [r.generator, r.answers.scheme]),
      ).toEqual(chosen === presetScheme ? [] : [['auth', chosen]]);
      expect(facts.auth).toBe(chosen);
    },
  );

  it('writes the same files and runs as `server` followed by `auth` (the auth generator composed)', async () => {
    // --optional given: a switch keeps the previous key's, a new server's key is required unless told.
    const options = { headerName: 'X-Api-Key', envVar: 'ACME_KEY', optional: false };
    const composed = await serverRepo({ auth: 'header', ...options });
    const grown = await serverRepo();
    expect((await auth(grown, { scheme: 'header', ...options })).failures).toEqual([]);
    const [a, b] = [snapshot(composed), snapshot(grown)];
    const [ma, mb] = [composed, grown].map((repo) => JSON.parse(read(repo, '.mcp-factory.json')));
    delete a['.mcp-factory.json'];
    delete b['.mcp-factory.json'];
    expect(a).toEqual(b);
    const shape = (m: { runs: Array<{ generator: string; answers: unknown }> }) =>
      m.runs.map((r) => [r.generator, r.answers]);
    expect(shape(ma)).toEqual(shape(mb));
    expect(shape(ma).map(([generator]) => generator)).toEqual(['server', 'auth']);
    expect(ma.facts).toEqual(mb.facts);
  });

  it("keeps the rest preset's key optional; npx plop auth --auth bearer --no-optional makes it required", async () => {
    const repo = await serverRepo();
    expect(read(repo, 'src/auth.ts')).toContain('the key is optional (sent when set)');
    expect((await auth(repo, { scheme: 'bearer', optional: false })).failures).toEqual([]);
    expect(read(repo, 'src/auth.ts')).toContain('return auth.apiKey ? [] : [KEY_VAR];');
    expect(envVarsOf(repo)).toEqual(['ACME_API_API_KEY (secret)', 'ACME_API_BASE_URL']);
    expect(JSON.parse(read(repo, 'server.json')).packages[0].environmentVariables[0].isRequired).toBe(true);
  });

  it.each([
    ['perplexity', { optional: true }, false],
    ['rest', { optional: false }, true],
    ['rest', { auth: 'header' }, true], // a scheme chosen on purpose: required unless --optional
    ['rest', { auth: 'header', optional: true }, false],
  ])('%s %j: the key is required: %s', async (preset, extra, required) => {
    const repo = await serverRepo({ preset, ...extra });
    const name = preset === 'rest' ? 'ACME_API_API_KEY' : 'PERPLEXITY_API_KEY';
    expect(keyShown(repo, name)).toEqual(shownAs(required));
  });

  it('refuses a flag of another scheme before writing anything', async () => {
    const parent = tempDir();
    const factory = await nodePlop(plopfile, { destBasePath: parent, force: false });
    await expectOneLineRefusal(
      parent,
      () =>
        factory.getGenerator('server').runActions({
          name: 'x-api',
          preset: 'rest',
          baseUrl: 'https://a.example.com',
          auth: 'bearer',
          queryParam: 'key',
        }),
      '--queryParam does not apply to --auth bearer (it is for query)',
    );
  });
});

describe('one flag per answer: --auth in `server` and `auth` alike', () => {
  it('--help shows --auth; the old --scheme still works, with one deprecation line', async () => {
    const repo = await serverRepo();
    const help = plopWith(FACTORY_ROOT, ['auth', '--dest', repo, '--', '--help']);
    expect(help.status).toBe(0);
    expect(help.output).toMatch(/^ {2}--auth <value> +how the server authenticates/m);
    expect(help.output).not.toContain('--scheme');
    const run = plopWith(FACTORY_ROOT, ['auth', '--dest', repo, '--', '--scheme', 'basic']);
    expect(run.status).toBe(0);
    expect(run.output.match(/--scheme is deprecated: use --auth\n/g)).toHaveLength(1);
    expect(JSON.parse(read(repo, '.mcp-factory.json')).facts.auth).toBe('basic');
    const current = plopWith(FACTORY_ROOT, ['auth', '--dest', repo, '--', '--auth', 'none']);
    expect(current.status).toBe(0);
    expect(current.output).not.toContain('deprecated');
    expect(JSON.parse(read(repo, '.mcp-factory.json')).facts.auth).toBe('none');
  });
});
