// The demo's steps. Kept apart from scripts/demo.ts so it can be tested and reused.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import nodePlop from 'node-plop';
import { $ } from 'zx';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { step } from './progress.js';
import { tempDir, FACTORY_ROOT } from './paths.js';

interface Fixture {
  tool: string;
  route: { method: string; path: string };
  sampleArguments: Record<string, unknown>;
  okBody: unknown;
}
interface FakeUpstreamModule {
  startFakeUpstream(
    handler: (r: { path: string }) => { status?: number; body?: unknown },
  ): Promise<{ url: string; requests: Array<{ method: string; path: string }>; close(): Promise<void> }>;
}

export async function runDemo(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { preset: { type: 'string', default: 'perplexity' }, dir: { type: 'string' } },
  });
  const preset = String(values.preset);
  const parent = values.dir ? path.resolve(values.dir) : tempDir('mcp-factory-demo-');
  const name = `demo-${preset}`;
  const repo = path.join(parent, name);

  let s = step(`generate a ${preset} server with \`plop server\``);
  const plop = await nodePlop(path.join(FACTORY_ROOT, 'plopfile.ts'), { destBasePath: parent, force: false });
  const answers: Record<string, unknown> = { name, preset };
  if (preset === 'rest') Object.assign(answers, { baseUrl: 'https://api.example.com', healthPath: '/health' });
  const { failures } = await plop.getGenerator('server').runActions(answers);
  if (failures.length > 0) throw new Error(String((failures[0] as { error?: string }).error ?? failures[0]));
  s.done(repo);

  const sh = $({ cwd: repo, quiet: true, env: { ...process.env, NODE_OPTIONS: '' } });
  s = step("npm install (the generated repo's own dependencies)");
  await sh`npm install --no-audit --no-fund --prefer-offline`;
  s.done();

  s = step('npm run build (TypeScript → dist/)');
  await sh`npm run build`;
  s.done();

  s = step('start a fake upstream API on 127.0.0.1');
  const fixture = (await import(pathToFileURL(path.join(repo, 'test/fixtures/upstream.ts')).href)) as Fixture;
  const fake = (await import(
    pathToFileURL(path.join(repo, 'test/harness/fakeUpstream.ts')).href
  )) as FakeUpstreamModule;
  const upstream = await fake.startFakeUpstream((r) =>
    r.path === fixture.route.path ? { body: fixture.okBody } : { status: 404, body: {} },
  );
  s.done(upstream.url);

  const prefix = (await import(pathToFileURL(path.join(repo, 'src/config.ts')).href)).ENV_PREFIX as string;
  s = step('start the server on stdio with the official MCP client');
  const client = new Client({ name: 'mcp-factory-demo', version: '1.0.0' });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [path.join(repo, 'dist/index.js')],
      env: {
        PATH: process.env.PATH ?? '',
        [`${prefix}_API_KEY`]: 'demo-key-not-real',
        [`${prefix}_BASE_URL`]: upstream.url,
      },
      stderr: 'ignore',
    }),
  );
  const { tools } = await client.listTools();
  s.done(`tools: ${tools.map((t) => t.name).join(', ')}`);

  s = step(`call \`${fixture.tool}\` ${JSON.stringify(fixture.sampleArguments)}`);
  const result = await client.callTool({ name: fixture.tool, arguments: fixture.sampleArguments });
  s.done(`upstream saw ${upstream.requests.map((r) => `${r.method} ${r.path}`).join(', ')}`);
  await client.close();
  await upstream.close();

  const text = (result.content as Array<{ type: string; text?: string }>).map((c) => c.text ?? '').join('\n');
  process.stdout.write(`\nAnswer${result.isError ? ' (error)' : ''}:\n${text.replace(/^/gm, '  ')}\n`);
  process.stdout.write(
    `\nThe server is in ${repo}\n  cd ${repo} && npm test     # its own unit, integration and e2e tests\n`,
  );
  if (result.isError) throw new Error('the tool call returned an error');
}
