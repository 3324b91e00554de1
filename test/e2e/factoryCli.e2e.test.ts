// The `mcp-factory` CLI against two real generated servers: both generated (and so registered in this
// file's catalog), one installed and its node_modules linked into the other, both built. From a
// folder that is neither repo: list shows both; tools and call talk to them with the official client
// (arguments typed from the input schema reach the fake upstream as arrays, numbers and booleans);
// config --write produces a client file; doctor names the broken server and exits 1; bundle makes a
// .mcpb that `mcpb validate` accepts and that starts once unpacked.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, expect } from '@jest/globals';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { unpackExtension } from '@anthropic-ai/mcpb';
import nodePlop from 'node-plop';
import { $ } from 'zx';
import { factoryCli } from '../helpers/factoryCli.js';
import { FACTORY_ROOT, tempDir } from '../helpers/fsSnapshot.js';
import { expectInstall, generateServer, repoShell } from '../helpers/generatedRepo.js';
import { afterAll, beforeAll, it } from '../helpers/timeouts.js';
import { defined } from '../helpers/defined.js';

let notes: string; // acme-notes: rest preset + a POST tool with typed params; installed
let keyed: string; // acme-keyed: rest preset with a required header credential; node_modules linked
let elsewhere: string;
let upstream: http.Server;
let upstreamUrl: string;
const received: Array<{ method: string; url: string; body: unknown }> = [];
let failNext = false;

const cli = (args: string[], env: Record<string, string> = {}) =>
  factoryCli(args, {
    cwd: elsewhere,
    env: { ACME_NOTES_BASE_URL: upstreamUrl, ACME_KEYED_BASE_URL: upstreamUrl, ...env },
  });

beforeAll(async () => {
  upstream = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({
        method: defined(req.method, 'a method'),
        url: defined(req.url, 'a url'),
        body: body ? JSON.parse(body) : undefined,
      });
      if (failNext) {
        failNext = false;
        res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"bad ids"}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"notes":[{"id":"a"}]}');
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;

  const parent = tempDir('mcp-factory-e2e-cli-');
  elsewhere = tempDir('mcp-factory-e2e-cwd-');
  notes = await generateServer({ name: 'acme-notes', preset: 'rest', baseUrl: 'https://api.example.com' }, parent);
  keyed = await generateServer(
    { name: 'acme-keyed', preset: 'rest', baseUrl: 'https://api.example.com', auth: 'header' },
    parent,
  );
  const inRepo = await nodePlop(path.join(FACTORY_ROOT, 'plopfile.ts'), { destBasePath: notes, force: false });
  const method = await inRepo.getGenerator('method').runActions({
    name: 'find_notes',
    description: 'Find notes by ids',
    httpMethod: 'POST',
    path: '/notes/search',
    params: 'ids:string[]:Note ids, limit:integer:Max results, exact?:boolean:Exact match',
  });
  expect(method.failures).toEqual([]);
  const sh = repoShell(notes);
  await expectInstall(sh);
  fs.symlinkSync(path.join(notes, 'node_modules'), path.join(keyed, 'node_modules'));
  for (const repo of [notes, keyed]) {
    const build = await repoShell(repo)`npm run build`;
    if (build.exitCode !== 0) process.stderr.write(`${build.stdout}\n${build.stderr}\n`);
    expect(build.exitCode).toBe(0);
  }
}, 300_000);

afterAll(async () => {
  await new Promise((resolve) => upstream?.close(resolve));
});

describe('mcp-factory against generated servers', () => {
  it('list shows both generated servers from any folder', async () => {
    const out = await cli(['list', '--json']);
    expect(out.exitCode).toBe(0);
    const servers = JSON.parse(out.stdout) as Array<Record<string, unknown>>;
    expect(servers.map((s) => [s.name, s.mcpName, s.sources, s.status, s.path])).toEqual([
      ['acme-keyed', 'io.github.your-org/acme-keyed', ['catalog'], 'ok', fs.realpathSync(keyed)],
      ['acme-notes', 'io.github.your-org/acme-notes', ['catalog'], 'ok', fs.realpathSync(notes)],
    ]);
  });

  it('tools lists the tools with their input schemas', async () => {
    const out = await cli(['tools', 'acme-notes', '--json']);
    expect(out.exitCode).toBe(0);
    const tools = JSON.parse(out.stdout) as Array<{
      name: string;
      inputSchema: { properties: Record<string, unknown>; required: string[] };
    }>;
    expect(tools.map((t) => t.name).sort()).toEqual(['find_notes', 'ping']);
    const find = defined(
      tools.find((t) => t.name === 'find_notes'),
      'the find_notes tool',
    );
    expect(find.inputSchema.properties.ids).toMatchObject({ type: 'array', items: { type: 'string' } });
    expect(find.inputSchema.required.sort()).toEqual(['ids', 'limit']);

    const human = await cli(['tools', 'acme-notes']);
    expect(human.stdout).toContain('ids: array<string>  Note ids');
    expect(human.stdout).toContain('exact?: boolean  Exact match');
  });

  it('call passes arguments typed from the schema and prints the result (exit 0)', async () => {
    received.length = 0;
    const out = await cli(['call', 'acme-notes', 'find_notes', 'ids=a,b', 'limit=2', 'exact=true', '--json']);
    expect(out.stderr).toBe('');
    expect(out.exitCode).toBe(0);
    expect(received).toEqual([
      { method: 'POST', url: '/notes/search', body: { ids: ['a', 'b'], limit: 2, exact: true } },
    ]);
    const result = JSON.parse(out.stdout) as { isError?: boolean; content: Array<{ text: string }> };
    expect(result.isError).toBeFalsy();
    expect(defined(result.content[0], 'a content block').text).toContain('"id":"a"');

    const viaJson = await cli(['call', 'acme-notes', 'find_notes', '--args', '{"ids":["x"],"limit":1}']);
    expect(viaJson.exitCode).toBe(0);
    expect(defined(received.at(-1), 'a request').body).toEqual({ ids: ['x'], limit: 1 });
  });

  it('call exits 1 on an isError result and 2 on bad usage, with one line', async () => {
    failNext = true;
    const failed = await cli(['call', 'acme-notes', 'find_notes', 'ids=a', 'limit=1']);
    expect(failed.exitCode).toBe(1);
    expect(failed.stdout).toMatch(/400/);

    const before = received.length;
    const badType = await cli(['call', 'acme-notes', 'find_notes', 'ids=a', 'limit=lots']);
    expect(badType.exitCode).toBe(2);
    expect(badType.stderr).toBe('mcp-factory: argument "limit" must be integer, got "lots"\n');
    const noTool = await cli(['call', 'acme-notes', 'nope']);
    expect(noTool.exitCode).toBe(2);
    expect(noTool.stderr).toBe('mcp-factory: acme-notes has no tool "nope" (its tools: ping, find_notes)\n');
    const noServer = await cli(['call', 'acme-nothing', 'ping']);
    expect(noServer.exitCode).toBe(2);
    expect(noServer.stderr).toBe(
      'mcp-factory: no MCP server named "acme-nothing"; known: acme-keyed, acme-notes (see `mcp-factory list`)\n',
    );
    expect(received.length).toBe(before); // nothing reached the upstream
  });

  it('config --write gives the client a file that starts the server, with the secret referenced', async () => {
    const home = tempDir();
    const out = await cli(['config', 'acme-keyed', '--client', 'vscode', '--write'], {
      HOME: home,
      XDG_CONFIG_HOME: '',
    });
    expect(out.exitCode).toBe(0);
    const file = path.join(home, '.config', 'Code', 'User', 'mcp.json');
    const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(doc.servers['acme-keyed']).toEqual({
      type: 'stdio',
      command: 'node',
      args: [path.join(fs.realpathSync(keyed), 'dist', 'index.js')],
      env: { ACME_KEYED_API_KEY: '${input:acme-keyed-api-key}' },
    });
    expect(doc.inputs).toEqual([
      expect.objectContaining({ type: 'promptString', id: 'acme-keyed-api-key', password: true }),
    ]);
  });

  it('doctor reports health: exit 1 naming the server whose required variable is unset, 0 once set', async () => {
    const out = await cli(['doctor']);
    expect(out.exitCode).toBe(1);
    const rows = out.stdout.trim().split('\n');
    expect(rows[0]).toMatch(/^SERVER\s+HEALTH\s+START \+ TOOLS\s+SERVER\.JSON\s+REQUIRED ENV$/);
    expect(rows.find((r) => r.startsWith('acme-notes'))).toMatch(/acme-notes\s+ok\s+ok \(2 tools\)\s+valid\s+ok$/);
    expect(rows.find((r) => r.startsWith('acme-keyed'))).toMatch(
      /acme-keyed\s+FAIL\s+ok \(1 tools\)\s+valid\s+missing ACME_KEYED_API_KEY$/,
    );
    expect(out.stderr).toBe('1 of 2 failed: acme-keyed\n');

    const fixed = await cli(['doctor', 'acme-keyed'], { ACME_KEYED_API_KEY: 'test-key' });
    expect(fixed.exitCode).toBe(0);
    expect(fixed.stdout).not.toContain('test-key');
  });

  it('doctor names a server that does not start', async () => {
    const entry = path.join(keyed, 'dist', 'index.js');
    const original = fs.readFileSync(entry);
    fs.writeFileSync(entry, "process.stderr.write('boom: cannot start\\n'); process.exit(3);\n");
    try {
      const out = await cli(['doctor', 'acme-notes', 'acme-keyed', '--json'], { ACME_KEYED_API_KEY: 'test-key' });
      expect(out.exitCode).toBe(1);
      const diagnoses = JSON.parse(out.stdout) as Array<{ name: string; ok: boolean; start: { error?: string } }>;
      expect(diagnoses.map((d) => [d.name, d.ok])).toEqual([
        ['acme-notes', true],
        ['acme-keyed', false],
      ]);
      expect(defined(diagnoses[1], 'a second diagnosis').start.error).toMatch(
        /^acme-keyed failed to start: .*boom: cannot start/,
      );
    } finally {
      fs.writeFileSync(entry, original);
    }
  });

  it('bundle makes a .mcpb that mcpb validate accepts, with no secret in it, that unpacks and starts', async () => {
    const out = path.join(tempDir(), 'acme-keyed.mcpb');
    const made = await cli(['bundle', 'acme-keyed', '--out', out], { ACME_KEYED_API_KEY: 'sk-test-never-bundled' });
    expect(made.stderr).toBe('');
    expect(made.exitCode).toBe(0);
    expect(made.stdout).toMatch(new RegExp(`^wrote ${out} \\(\\d+ kB, 1 tools\\)\n$`));
    expect(fs.readFileSync(out).includes('sk-test-never-bundled')).toBe(false);

    const unpacked = tempDir();
    expect(await unpackExtension({ mcpbPath: out, outputDir: unpacked, silent: true })).toBe(true);
    const files = fs.readdirSync(unpacked, { recursive: true }).map(String).sort();
    expect(files.filter((f) => /node_modules|(^|\/)src\/|(^|\/)test\/|\.map$/.test(f))).toEqual([]);
    const mcpb = path.join(FACTORY_ROOT, 'node_modules', '.bin', 'mcpb');
    const validate = await $({ quiet: true, nothrow: true })`${mcpb} validate ${path.join(unpacked, 'manifest.json')}`;
    expect(validate.stdout).toContain('Manifest schema validation passes!');
    expect(validate.exitCode).toBe(0);

    const manifest = JSON.parse(fs.readFileSync(path.join(unpacked, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({
      name: 'acme-keyed',
      server: { type: 'node', entry_point: 'server/dist/index.js' },
      tools: [{ name: 'ping' }],
      user_config: { acme_keyed_api_key: { type: 'string', sensitive: true, required: true } },
    });
    expect(manifest.server.mcp_config.env.ACME_KEYED_API_KEY).toBe('${user_config.acme_keyed_api_key}');

    // Start it as Claude Desktop would: node with the manifest's args, ${__dirname} = the unpacked folder.
    const args = (manifest.server.mcp_config.args as string[]).map((a) => a.replace('${__dirname}', unpacked));
    const client = new Client({ name: 'bundle-e2e', version: '1.0.0' });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args,
        env: { PATH: process.env.PATH ?? '', ACME_KEYED_API_KEY: 'k' },
        stderr: 'pipe',
      }),
    );
    try {
      expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['ping']);
    } finally {
      await client.close();
    }
  });
});
