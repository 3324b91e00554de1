// The build (mcp-factory-build) lets esbuild leave out the SDK's protocol schemas a server never uses
// (bin/sdkSchemaShakingPlugin.mjs). Prove that the installed SDK still has the shapes it rewrites, that a bundle made
// with it is smaller and keeps no unused schema, that the SDK's own tables of spec types still hold and check every
// type when a server does use them, and that code of any other shape is left as it is.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect } from '@jest/globals';
import { stop, type Plugin } from 'esbuild';
import { it } from '../../../test/helpers/timeouts.js';
import { bundleProbe, PROBE_ROOT, runProbe } from './probeBundle.js';

interface ShakingModule {
  sdkSchemaShaking: Plugin;
  markSchemaBuildersPure(source: string): string | undefined;
  registerSpecTypesLazily(source: string): string | undefined;
}
interface LazyWireModule {
  buildWireSchemasLazily(source: string): string | undefined;
}

const root = PROBE_ROOT;
const binFile = (name: string) => pathToFileURL(path.resolve(import.meta.dirname, '../../bin', name)).href;
const requireFromRoot = createRequire(path.join(root, 'package.json'));
/** The package's dist/ folder, where its entry (and the modules it is split into) lives. */
const distOf = (pkg: string) => path.dirname(requireFromRoot.resolve(pkg));
const modulesOf = (dir: string) =>
  fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.mjs'))
    .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));

/** What a stdio server bundles: McpServer and the stdio entry. */
const serverProbe = `
import { McpServer } from '@modelcontextprotocol/server';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
console.log(typeof McpServer, typeof serveStdio);
`;
/**
 * A whole exchange with an McpServer over the SDK's in-memory transport, valid and invalid requests alike: the answers
 * (sorted by id) must not change when the wire schemas are built lazily.
 */
const exchangeProbe = `
import { InMemoryTransport, McpServer } from '@modelcontextprotocol/server';
import * as z from 'zod';
const server = new McpServer({ name: 'probe', version: '1.0.0' }, { capabilities: { tools: {}, logging: {} } });
server.registerTool('add', { inputSchema: z.object({ a: z.number(), b: z.number() }) }, ({ a, b }) => ({
  content: [{ type: 'text', text: String(a + b) }],
}));
const [client, serverSide] = InMemoryTransport.createLinkedPair();
const answers = [];
client.onmessage = (m) => answers.push(m);
const call = (id, method, params) => ({ jsonrpc: '2.0', id, method, params });
const messages = [
  call(1, 'initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'c', version: '0' } }),
  { jsonrpc: '2.0', method: 'notifications/initialized' },
  call(2, 'tools/list'),
  call(3, 'tools/call', { name: 'add', arguments: { a: 1, b: 2 } }),
  call(4, 'tools/call', { name: 'add', arguments: { a: 'x' } }),
  call(5, 'tools/call', { name: 'nope' }),
  call(6, 'logging/setLevel', { level: 'loud' }),
  call(7, 'logging/setLevel', { level: 'debug' }),
  call(8, 'ping'),
  call(9, 'resources/list'),
  call(10, 'initialize', { protocolVersion: 1 }),
  // clientInfo's icons come into its schema by a spread of another's shape (\`...IconsSchema.shape\`)
  call(11, 'initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'c', version: '0', icons: 'none' } }),
];
(async () => {
  await server.connect(serverSide);
  await client.start();
  for (const m of messages) await client.send(m);
  while (answers.length < 11) await new Promise((r) => setImmediate(r));
  console.log(JSON.stringify(answers.sort((a, b) => a.id - b.id)));
})();
`;
/** A server that does use the SDK's tables of spec types. */
const tablesProbe = `
import { isSpecType, specTypeSchemas } from '@modelcontextprotocol/server';
console.log(JSON.stringify([
  Object.keys(specTypeSchemas).length,
  isSpecType.ContentBlock({ type: 'text', text: 'hi' }),
  isSpecType.ContentBlock({ type: 'nope' }),
  specTypeSchemas.Tool.safeParse({ name: 't', inputSchema: { type: 'object' } }).success,
  isSpecType.OAuthTokens({ access_token: 'a', token_type: 'bearer' }),
]));
`;

let shaking: ShakingModule;
let lazyWire: LazyWireModule;
let dir: string;

const bundle = async (probe: string, plugins: Plugin[]) => (await bundleProbe(probe, plugins)).text;
const run = (code: string) => runProbe(code, dir);

describe('the SDK schema shaking used by the build', () => {
  beforeAll(async () => {
    shaking = (await import(binFile('sdkSchemaShakingPlugin.mjs'))) as ShakingModule;
    lazyWire = (await import(binFile('lazyWireSchemas.mjs'))) as LazyWireModule;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'schema-shaking-'));
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    return stop(); // esbuild's service process would keep jest alive
  });

  it('finds the shapes it rewrites in the installed SDK', () => {
    const core = modulesOf(distOf('@modelcontextprotocol/core')).filter((s) => shaking.markSchemaBuildersPure(s));
    expect(core.length).toBeGreaterThanOrEqual(1);
    const server = modulesOf(distOf('@modelcontextprotocol/server')).filter((s) => s.includes('SPEC_SCHEMA_KEYS'));
    expect(server.map((s) => shaking.registerSpecTypesLazily(s) !== undefined)).toEqual([true]);
    expect(server.map((s) => lazyWire.buildWireSchemasLazily(s) !== undefined)).toEqual([true]);
  });

  it('leaves the unused schemas out of a stdio server bundle, which still runs', async () => {
    const [plain, shaken] = await Promise.all([
      bundle(serverProbe, []),
      bundle(serverProbe, [shaking.sdkSchemaShaking]),
    ]);
    expect(plain).toContain('OAuthTokensSchema');
    expect(shaken).not.toContain('OAuthTokensSchema');
    expect(shaken).not.toContain('OpenIdProviderDiscoveryMetadataSchema'); // built from `...X.shape` spreads
    expect(shaken).not.toContain('ElicitationCompleteNotificationSchema =');
    expect(shaken.length).toBeLessThan(plain.length * 0.97);
    expect(await run(shaken)).toBe('function function\n');
  });

  it('answers a whole exchange as the SDK does unchanged', async () => {
    const [plain, shaken] = await Promise.all([
      bundle(exchangeProbe, []),
      bundle(exchangeProbe, [shaking.sdkSchemaShaking]),
    ]);
    expect(shaken).toContain('__mcpFactoryLazyObject');
    const expected = await run(plain);
    const answers = JSON.parse(expected) as Array<{ id: number; result?: unknown; error?: unknown }>;
    expect(answers.map((a) => [a.id, a.error === undefined])).toEqual([
      [1, true],
      [2, true],
      [3, true],
      [4, true], // a tool's bad arguments are a result flagged isError
      [5, false],
      [6, false],
      [7, true],
      [8, true],
      [9, false],
      [10, false],
      [11, false],
    ]);
    expect(await run(shaken)).toBe(expected);
  });

  it('keeps specTypeSchemas and isSpecType whole for a server that uses them', async () => {
    const [plain, shaken] = await Promise.all([
      bundle(tablesProbe, []),
      bundle(tablesProbe, [shaking.sdkSchemaShaking]),
    ]);
    const expected = await run(plain);
    expect(JSON.parse(expected)).toEqual([expect.any(Number), true, false, true, true]);
    expect(JSON.parse(expected)[0]).toBeGreaterThan(100);
    expect(await run(shaken)).toBe(expected);
  });

  it('leaves code of any other shape as it is', () => {
    const schemas = 'import * as z from "zod/v4";\nconst A = z.object({ a: z.string() });\nexport { A };\n';
    expect(shaking.markSchemaBuildersPure(schemas)).toContain('const A = /* @__PURE__ */ (() => z.object(');
    expect(shaking.markSchemaBuildersPure(`${schemas}function f() {}\n`)).toBeUndefined();
    expect(shaking.markSchemaBuildersPure(schemas.replace('zod/v4', 'other'))).toBeUndefined();
    expect(shaking.markSchemaBuildersPure(`${schemas}A.parse(1);\n`)).toBeUndefined();
    const server = modulesOf(distOf('@modelcontextprotocol/server')).find((s) => s.includes('SPEC_SCHEMA_KEYS'));
    expect(server).toBeDefined();
    expect(shaking.registerSpecTypesLazily(String(server).replace('register(key, schema);', 'register(key, s);'))).toBe(
      undefined,
    );
    const withStatement = String(server).replace('function build$1() {\n', 'function build$1() {\n\tcount++;\n');
    expect(lazyWire.buildWireSchemasLazily(withStatement)).toBeUndefined();
  });
});
