// What a generated tool's unit test loads: the tool's module (defineTool, the openapi helpers) and the
// server's config (upstream, settings, log) load no code of the SDK, whose entry is ~900 KB of JavaScript
// that jest would evaluate again for every test file; the server's side (serverDefinition, requestState)
// does. And the hand-written input-required check and result agree with the SDK's own.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { CLIENT_CAPABILITIES_META_KEY, inputRequired, isInputRequiredResult } from '@modelcontextprotocol/server';
import fc from 'fast-check';
import { asked, CAPABILITIES_KEY, isInputRequired } from '../src/inputRequired.js';

const src = (file: string) => path.join(import.meta.dirname, '../src', file);

/** Every file URL a fresh Node process loads to import `files` (a module-loading hook reports them). */
function loadedBy(files: string[]): string[] {
  const hook = `export async function load(url, context, next) {
    if (url.startsWith('file:')) process.stderr.write('LOADED ' + url + '\\n');
    return next(url, context);
  }`;
  const script = [
    `import { register } from 'node:module';`,
    `register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hook)}`)});`,
    ...files.map((file) => `await import(${JSON.stringify(file)});`),
  ].join('\n');
  // Through tsx, not a bundle (helpers/bundledFixture.ts): the hook must see each source file load as a file.
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  expect(run.status).toBe(0);
  return run.stderr
    .split('\n')
    .filter((line) => line.startsWith('LOADED '))
    .map((line) => line.slice('LOADED '.length));
}

const fromSdk = (urls: string[]) => urls.filter((url) => url.includes('/@modelcontextprotocol/'));

describe("a tool's unit test", () => {
  it('loads no SDK code: the tool, the openapi helpers and what a config uses', () => {
    const loaded = loadedBy(
      ['defineTool.ts', 'openapi/index.ts', 'upstream.ts', 'config.ts', 'settings.ts', 'log.ts'].map(src),
    );
    expect(loaded.some((url) => url.endsWith('/src/defineTool.ts'))).toBe(true);
    expect(loaded.some((url) => url.endsWith('/src/inputRequired.ts'))).toBe(true);
    expect(fromSdk(loaded)).toEqual([]);
  });

  it("while the server's side loads the SDK (the probe sees it)", () => {
    expect(fromSdk(loadedBy([src('serverDefinition.ts')]))).toContainEqual(
      expect.stringContaining('/@modelcontextprotocol/server/'),
    );
  });
});

describe('isInputRequired', () => {
  it("agrees with the SDK's isInputRequiredResult on any value", () => {
    const resultType = fc.constantFrom('input_required', 'complete', '', 'INPUT_REQUIRED', undefined);
    const shaped = fc.record({ resultType, inputRequests: fc.anything() }, { requiredKeys: [] });
    fc.assert(
      fc.property(fc.oneof(fc.anything(), shaped, fc.array(shaped)), (value) => {
        expect(isInputRequired(value)).toBe(isInputRequiredResult(value));
      }),
    );
    expect(isInputRequired({ resultType: 'input_required' })).toBe(true);
    expect(isInputRequired({ resultType: 'complete' })).toBe(false);
  });
});

describe('asked', () => {
  const who = inputRequired.elicit({ message: 'Your name?', requestedSchema: { type: 'object', properties: {} } });
  it.each([
    [{ who }, undefined],
    [{ who }, '{"asked":1}'],
    [{}, '{"asked":1}'],
  ])("builds what the SDK's inputRequired builds from %j and %j", (inputRequests, requestState) => {
    expect(asked(inputRequests, requestState)).toEqual(inputRequired({ inputRequests, requestState }));
  });

  it('refuses, as the SDK does, a result with neither a request nor a state', () => {
    expect(() => inputRequired({ inputRequests: {} })).toThrow(TypeError);
    expect(() => asked({})).toThrow(TypeError);
  });
});

it("reads the client's capabilities under the SDK's own envelope key", () => {
  expect(CAPABILITIES_KEY).toBe(CLIENT_CAPABILITIES_META_KEY);
});
