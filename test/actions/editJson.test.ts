// The editJson step on the in-memory tree: the file's own object edited (key order and unknown keys kept), a
// missing file skipped or refused, bad JSON and an unexpected shape refused in one line, nothing written then.
import fs from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { packageJsonSchema, serverJsonSchema } from '../../engine/actions/editJson.js';
import { steps } from '../../engine/actions/index.js';
import { Tree } from '../../engine/actions/tree.js';
import { AssetResolver } from '../../engine/contract/assets.js';
import { folderWith, snapshot } from '../helpers/fsSnapshot.js';

const treeWith = (files: Record<string, string>): Tree => new Tree(folderWith(files));

const assets = new AssetResolver([]);
const PACKAGE = `${JSON.stringify({ name: 'acme', version: '1.0.0', scripts: { test: 'jest' }, private: true }, null, 2)}\n`;

const addScript = (name: string, command: string) =>
  steps.editJson({
    file: 'package.json',
    schema: packageJsonSchema,
    ifMissing: { refuse: (shown) => `cannot add the ${name} script: ${shown} does not exist` },
    edit(json) {
      if (json.scripts?.[name] === command) return { unchanged: `package.json: ${name} already there` };
      json.scripts = { ...json.scripts, [name]: command };
    },
    summary: (changed) => `package.json: ${changed ? 'script added' : 'already up to date'}`,
  });

describe('editJson', () => {
  it('edits the parsed object in place: every key keeps its place, keys outside the schema are kept', async () => {
    const tree = treeWith({ 'package.json': PACKAGE });
    expect(await addScript('history', 'mcp-factory-history').run({ tree, assets })).toBe('package.json: script added');
    expect(tree.read('package.json')).toBe(
      `${JSON.stringify(
        {
          name: 'acme',
          version: '1.0.0',
          scripts: { test: 'jest', history: 'mcp-factory-history' },
          private: true,
        },
        null,
        2,
      )}\n`,
    );
    expect(fs.readFileSync(tree.abs('package.json'), 'utf8')).toBe(PACKAGE); // staged only
  });

  it('stages nothing when the edit says so, or when the result is what is on disk', async () => {
    const tree = treeWith({ 'package.json': PACKAGE });
    expect(await addScript('test', 'jest').run({ tree, assets })).toBe('package.json: test already there');
    const rewrite = steps.editJson({
      file: 'package.json',
      schema: packageJsonSchema,
      ifMissing: { summary: 'none' },
      edit(json) {
        json.scripts = { ...json.scripts };
      },
      summary: (changed) => (changed ? 'changed' : 'already up to date'),
    });
    expect(await rewrite.run({ tree, assets })).toBe('already up to date');
    expect(tree.changes()).toEqual([]);
  });

  it('skips or refuses a missing file, as the step says', async () => {
    const tree = treeWith({});
    await expect(addScript('history', 'x').run({ tree, assets })).rejects.toThrow(
      'cannot add the history script: package.json does not exist',
    );
    const serverJson = steps.editJson({
      file: 'server.json',
      schema: serverJsonSchema,
      ifMissing: { summary: 'server.json: none in this repo, nothing to update' },
      edit() {},
      summary: () => 'edited',
    });
    expect(await serverJson.run({ tree, assets })).toBe('server.json: none in this repo, nothing to update');
    expect(tree.changes()).toEqual([]);
  });

  it.each([
    ['{ "name": ', /^package\.json is not valid JSON \(.+\): fix it, then run again$/],
    [
      '{ "scripts": { "test": 1 } }',
      /^package\.json has an unexpected shape at scripts\.test \(.+\): fix it, then run again$/,
    ],
    ['[1, 2]', /^package\.json has an unexpected shape at the top level \(.+\): fix it, then run again$/],
  ])('refuses %s in one line and stages nothing', async (content, message) => {
    const tree = treeWith({ 'package.json': content });
    const before = snapshot(tree.root);
    await expect(addScript('history', 'x').run({ tree, assets })).rejects.toThrow(message);
    expect(tree.changes()).toEqual([]);
    expect(snapshot(tree.root)).toEqual(before);
  });

  it("edits each server.json package's environment variables, keeping every other field", async () => {
    const server = {
      name: 'io.github.acme/x',
      packages: [{ registryType: 'npm', environmentVariables: [{ name: 'A', isSecret: true }], transport: {} }],
    };
    const tree = treeWith({ 'server.json': JSON.stringify(server) });
    const step = steps.editJson({
      file: 'server.json',
      schema: serverJsonSchema,
      ifMissing: { summary: 'none' },
      edit(json) {
        for (const pkg of json.packages ?? [])
          pkg.environmentVariables = [...(pkg.environmentVariables ?? []), { name: 'B' }];
      },
      summary: (changed) => String(changed),
    });
    expect(await step.run({ tree, assets })).toBe('true');
    expect(JSON.parse(tree.read('server.json') ?? '')).toEqual({
      ...server,
      packages: [{ ...server.packages[0], environmentVariables: [{ name: 'A', isSecret: true }, { name: 'B' }] }],
    });
  });
});
