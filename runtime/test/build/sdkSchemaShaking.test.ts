// The build (mcp-factory-build) lets esbuild leave out the SDK's protocol schemas a server never uses
// (bin/sdkSchemaShakingPlugin.mjs). Prove that the installed SDK still has the shapes it rewrites, that a bundle made
// with it is smaller and keeps no unused schema, that the SDK's own tables of spec types still hold and check every
// type when a server does use them, and that code of any other shape is left as it is.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect } from '@jest/globals';
import { build, stop, type Plugin } from 'esbuild';
import { it, scaled } from '../../../test/helpers/timeouts.js';

interface ShakingModule {
  sdkSchemaShaking: Plugin;
  markSchemaBuildersPure(source: string): string | undefined;
  registerSpecTypesLazily(source: string): string | undefined;
}

const root = process.cwd(); // where esbuild resolves the probes' imports of the SDK
const pluginFile = pathToFileURL(path.resolve(import.meta.dirname, '../../bin/sdkSchemaShakingPlugin.mjs')).href;
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
let dir: string;

async function bundle(probe: string, plugins: Plugin[]): Promise<string> {
  const out = await build({
    stdin: { contents: probe, resolveDir: root, loader: 'js' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    plugins,
    logLevel: 'silent',
  });
  return out.outputFiles[0].text;
}

async function run(code: string): Promise<string> {
  const file = path.join(dir, `probe-${fs.readdirSync(dir).length}.cjs`);
  fs.writeFileSync(file, code);
  const { stdout } = await promisify(execFile)(process.execPath, [file], { timeout: scaled(10_000) });
  return stdout;
}

describe('the SDK schema shaking used by the build', () => {
  beforeAll(async () => {
    shaking = (await import(pluginFile)) as ShakingModule;
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
  });
});
