// Composition on the in-memory tree: a generator whose compose(plan) includes other generators' runs
// stages them in the same tree after its own steps, records each as its own run in order (one that
// changed nothing is not recorded), and commits once; a refusal in a composed run writes nothing.
// Tree.at sees the same staged run from a folder below, and its revision moves only on a real change.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import nodePlop from 'node-plop';
import type { Step } from '../../engine/actions/step.js';
import { Tree } from '../../engine/actions/tree.js';
import { composeRun } from '../../engine/contract/compose.js';
import { defineGenerator } from '../../engine/contract/defineGenerator.js';
import { question, text } from '../../engine/contract/questions.js';
import { snapshot, tempDir } from '../helpers/fsSnapshot.js';

/** A step that writes `content` to `file` (or refuses when `content` is `refuse`). */
const writeStep = (file: string, content: string): Step => ({
  name: 'write',
  async run({ tree }) {
    if (content === 'refuse') throw new Error(`refusing to write ${file}`);
    return `${file}: ${await tree.write(file, `${content}\n`, false)}`;
  },
});

const textQuestion = (name: 'text' | 'also') =>
  question({ name, message: name, help: `the ${name} text`, default: () => '', parse: text });

/** `note`: writes NOTE.md; the generator composed below. */
const note = defineGenerator({
  name: 'note',
  description: 'write a note',
  target: 'repo',
  questions: [textQuestion('text')],
  plan: (answers) => ({ text: answers.text }),
  summary: (plan) => `note: ${plan.text}`,
  steps: (plan) => [writeStep('NOTE.md', plan.text)],
  record: (plan) => ({ text: plan.text }),
  facts: () => ({ persistence: 'noted' }),
  nextSteps: () => 'noted',
});

/** `pair`: writes PAIR.md, then composes `note` twice with the same text (the second run changes nothing). */
const pair = defineGenerator({
  name: 'pair',
  description: 'write a pair of notes',
  target: 'repo',
  questions: [textQuestion('text'), textQuestion('also')],
  plan: (answers) => ({ text: answers.text, also: answers.also }),
  summary: (plan) => `pair: ${plan.text}`,
  steps: (plan) => [writeStep('PAIR.md', plan.text)],
  record: (plan) => ({ text: plan.text }),
  compose: (plan) => [composeRun(note, { text: plan.also }), composeRun(note, { text: plan.also })],
  nextSteps: () => 'paired',
});

/** A server repo with an empty history, and `pair` registered on a plop for it. */
async function setUp() {
  const repo = tempDir('mcp-factory-compose-');
  fs.writeFileSync(
    path.join(repo, '.mcp-factory.json'),
    `${JSON.stringify({ factoryVersion: '0.1.0', preset: 'rest', runs: [] }, null, 2)}\n`,
  );
  const plop = await nodePlop('', { destBasePath: repo, force: false });
  plop.setGenerator('pair', pair.toPlop(plop, 'test'));
  const runs = () =>
    JSON.parse(fs.readFileSync(path.join(repo, '.mcp-factory.json'), 'utf8')).runs.map(
      (r: { generator: string; answers: unknown }) => [r.generator, r.answers],
    );
  return { repo, run: (answers: Record<string, unknown>) => plop.getGenerator('pair').runActions(answers), runs };
}

describe('compose', () => {
  it('stages the composed runs in the same tree and records one run per generator, in order', async () => {
    const { repo, run, runs } = await setUp();
    const { failures, changes } = await run({ text: 'one', also: 'two' });
    expect(failures).toEqual([]);
    expect(fs.readFileSync(path.join(repo, 'PAIR.md'), 'utf8')).toBe('one\n');
    expect(fs.readFileSync(path.join(repo, 'NOTE.md'), 'utf8')).toBe('two\n');
    // The second note run wrote what the first had staged: not recorded.
    expect(runs()).toEqual([
      ['pair', { text: 'one' }],
      ['note', { text: 'two' }],
    ]);
    expect(JSON.parse(fs.readFileSync(path.join(repo, '.mcp-factory.json'), 'utf8')).facts).toEqual({
      persistence: 'noted',
    });
    expect(changes.map((c) => c.path).join('\n')).toContain('note:\n  NOTE.md: staged');
  });

  it('records a composed run that changes something even when its composer changed nothing', async () => {
    const { run, runs } = await setUp();
    expect((await run({ text: 'one', also: 'two' })).failures).toEqual([]);
    expect((await run({ text: 'one', also: 'three' })).failures).toEqual([]);
    expect(runs()).toEqual([
      ['pair', { text: 'one' }],
      ['note', { text: 'two' }],
      ['note', { text: 'three' }],
    ]);
    const again = await run({ text: 'one', also: 'three' }); // nothing changes: nothing recorded
    expect(again.failures).toEqual([]);
    expect(runs()).toHaveLength(3);
  });

  it('writes nothing when a composed run refuses', async () => {
    const { repo, run } = await setUp();
    const before = snapshot(repo);
    const { failures } = await run({ text: 'one', also: 'refuse' });
    expect(failures[0]?.error).toBe('refusing to write NOTE.md');
    expect(snapshot(repo)).toEqual(before);
  });
});

describe('Tree.at', () => {
  it('sees and stages the same run from a folder below; the revision moves only on a real change', async () => {
    const root = tempDir();
    fs.mkdirSync(path.join(root, 'repo'));
    fs.writeFileSync(path.join(root, 'repo/a.txt'), 'disk');
    const tree = new Tree(root);
    const sub = tree.at('repo');
    expect(sub.root).toBe(path.join(root, 'repo'));
    const start = tree.revision;
    expect(await sub.write('a.txt', 'disk', false)).toBe('unchanged');
    expect(tree.revision).toBe(start);
    await sub.write('b.txt', 'new', false);
    expect(tree.read('repo/b.txt')).toBe('new');
    expect(tree.revision).toBe(start + 1);
    await tree.write('repo/b.txt', 'new', false); // the same content again: no change
    expect(sub.revision).toBe(start + 1);
    sub.remove('a.txt');
    expect(tree.revision).toBe(start + 2);
    expect(tree.changes().map((c) => [c.path, c.kind])).toEqual([
      ['repo/b.txt', 'create'],
      ['repo/a.txt', 'delete'],
    ]);
  });
});
