// The bundle of a server not made by this factory: its manifest (tools, prompts, user_config, sensitive
// secrets) and its production dependencies in the archive, never its dev dependencies or sources.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect } from '@jest/globals';
import { MANIFEST_SCHEMAS, unpackExtension } from '@anthropic-ai/mcpb';
import { buildBundle } from '../../cli/bundle.js';
import { readServer } from '../../cli/discover.js';
import { factoryCli, writeFakeServer } from '../helpers/factoryCli.js';
import { tempDir } from '../helpers/fsSnapshot.js';
import { writeScriptedServer } from '../helpers/scriptedServer.js';
import { it } from '../helpers/timeouts.js';

function fakePackage(dir: string, name: string): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', main: 'index.js' }));
  fs.writeFileSync(path.join(dir, 'index.js'), `module.exports = ${JSON.stringify(name)};\n`);
}

describe('bundle of an npm server package', () => {
  it('has a valid manifest and ships the production dependencies only', async () => {
    const dir = writeFakeServer(path.join(tempDir(), 'weather-mcp'), { name: 'weather-mcp' });
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    pkg.author = 'Weather Team';
    pkg.dependencies = { 'prod-dep': '1.0.0' };
    pkg.devDependencies = { 'dev-dep': '1.0.0' };
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg));
    fs.writeFileSync(
      path.join(dir, 'server.json'),
      JSON.stringify({
        name: 'io.github.test/weather-mcp',
        packages: [
          {
            environmentVariables: [
              { name: 'WEATHER_API_KEY', description: 'API key', isSecret: true, isRequired: true },
              { name: 'WEATHER_UNITS', description: 'metric or imperial' },
            ],
          },
        ],
      }),
    );
    fakePackage(path.join(dir, 'node_modules', 'prod-dep'), 'prod-dep');
    fakePackage(path.join(dir, 'node_modules', 'dev-dep'), 'dev-dep');
    fs.mkdirSync(path.join(dir, 'src'));
    fs.writeFileSync(path.join(dir, 'src', 'index.ts'), '// source, not shipped\n');
    fs.writeFileSync(path.join(dir, '.env'), 'WEATHER_API_KEY=sk-from-dotenv\n');

    const server = readServer(dir, 'path');
    if (!server) throw new Error(`writeFakeServer left no server in ${dir}`);
    const out = path.join(tempDir(), 'weather.mcpb');
    const { file } = await buildBundle(server, [{ name: 'forecast', description: 'Forecast for a city' }], out);
    expect(file).toBe(out);
    expect(fs.readFileSync(out).includes('sk-from-dotenv')).toBe(false);

    const unpacked = tempDir();
    expect(await unpackExtension({ mcpbPath: out, outputDir: unpacked, silent: true })).toBe(true);
    const files = fs
      .readdirSync(unpacked, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.relative(unpacked, path.join(e.parentPath, e.name)))
      .sort();
    expect(files).toEqual([
      'manifest.json',
      'server/dist/index.js',
      'server/node_modules/prod-dep/index.js',
      'server/node_modules/prod-dep/package.json',
      'server/package.json',
      'server/server.json',
    ]);
    const manifest = JSON.parse(fs.readFileSync(path.join(unpacked, 'manifest.json'), 'utf8'));
    expect(manifest).toEqual({
      manifest_version: '0.3',
      name: 'weather-mcp',
      display_name: 'weather-mcp',
      version: '1.0.0',
      description: 'weather-mcp',
      author: { name: 'Weather Team' },
      server: {
        type: 'node',
        entry_point: 'server/dist/index.js',
        mcp_config: {
          command: 'node',
          args: ['${__dirname}/server/dist/index.js'],
          env: { WEATHER_API_KEY: '${user_config.weather_api_key}', WEATHER_UNITS: '${user_config.weather_units}' },
        },
      },
      tools: [{ name: 'forecast', description: 'Forecast for a city' }],
      user_config: {
        weather_api_key: {
          type: 'string',
          title: 'WEATHER_API_KEY',
          description: 'API key',
          required: true,
          sensitive: true,
        },
        weather_units: { type: 'string', title: 'WEATHER_UNITS', description: 'metric or imperial', required: false },
      },
    });
  }, 30_000);
});

describe('bundle of a server with prompts', () => {
  it('lists its prompts in the manifest: arguments, and the text the server renders, with MCPB placeholders', async () => {
    const root = tempDir();
    const dir = writeFakeServer(path.join(root, 'notes-mcp'), { name: 'notes-mcp' });
    writeScriptedServer(dir, {
      tools: [{ name: 'find_notes', description: 'Find notes' }],
      prompts: [
        {
          name: 'summarize',
          description: 'Summarize the notes on a topic',
          arguments: [{ name: 'topic', required: true }, { name: 'style' }],
          text: 'Summarize my notes about {{topic}} in a {{style}} style.',
        },
        { name: 'daily', text: 'What did I write today?' },
        {
          name: 'by_color',
          description: 'Notes of one color',
          arguments: [{ name: 'color', required: true }],
          text: 'Notes in {{color}}',
          refuses: 'color must be red, green or blue',
        },
      ],
    });
    const out = path.join(root, 'notes.mcpb');
    const made = await factoryCli(['bundle', 'notes-mcp', '--path', dir, '--out', out], { cwd: root });
    expect(made.stderr).toBe('');
    expect(made.exitCode).toBe(0);
    expect(made.stdout).toMatch(/^wrote .*notes\.mcpb \(\d+ kB, 1 tools, 3 prompts\)\n$/);

    const unpacked = tempDir();
    expect(await unpackExtension({ mcpbPath: out, outputDir: unpacked, silent: true })).toBe(true);
    const manifest = JSON.parse(fs.readFileSync(path.join(unpacked, 'manifest.json'), 'utf8'));
    expect(manifest.prompts).toEqual([
      {
        name: 'summarize',
        description: 'Summarize the notes on a topic',
        arguments: ['topic', 'style'],
        text: 'Summarize my notes about ${arguments.topic} in a ${arguments.style} style.',
      },
      { name: 'daily', text: 'What did I write today?' },
      // refuses the placeholder as a value: its description stands for the text
      { name: 'by_color', description: 'Notes of one color', arguments: ['color'], text: 'Notes of one color' },
    ]);
    expect(manifest.tools).toEqual([{ name: 'find_notes', description: 'Find notes' }]);
    // the library's own schema for the manifest version it declares accepts it
    expect(
      MANIFEST_SCHEMAS[manifest.manifest_version as keyof typeof MANIFEST_SCHEMAS].safeParse(manifest).success,
    ).toBe(true);
  }, 30_000);
});
