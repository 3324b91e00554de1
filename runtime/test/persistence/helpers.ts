// Shared by the persistence tests and the burst child (burst.ts): the settings of a test server, temp data dirs,
// reading every line of every record file, the tool calls go through (defineTool → recorder → store, with the
// runtime's upstream client reporting its exchanges). Starting the burst child is in startBurst.ts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as z from 'zod';
import type { RuntimeConfig } from '../../src/config.js';
import { defineTool, type ToolDeps } from '../../src/defineTool.js';
import type { Persistence } from '../../src/persistence/index.js';
import type { CallRecord } from '../../src/persistence/record.js';
import type { BackendName, SettingsSource } from '../../src/persistence/settings.js';
import { addSecret } from '../../src/secrets.js';
import { createUpstreamClient } from '../../src/upstream.js';
import { ENV_PREFIX, testConfig } from '../helpers/config.js';

/** A test server's persistence choices, as a generated src/persistence.ts gives them. */
export const settingsSource = (backend: BackendName): SettingsSource => ({
  envPrefix: ENV_PREFIX,
  name: 'records-test-server',
  backend,
});

/** The credential the test upstream client sends (in the query, like the query-key scheme): never in a record. */
export const API_KEY = 'test-api-key-7f3a9c';
addSecret(API_KEY);

/** A tool that answers with its input, through the real call path. */
export const echo = defineTool({
  name: 'echo',
  description: 'answers with its input',
  inputSchema: z.object({ n: z.number(), text: z.string().optional(), payload: z.string().optional() }),
  async run({ n, text }) {
    return { content: [{ type: 'text', text: text ?? `echo ${n}` }] };
  },
});

/** A tool that reads one item from the upstream. */
export const getItem = defineTool({
  name: 'get_item',
  description: 'reads an item',
  inputSchema: z.object({ id: z.string() }),
  async run({ id }, { upstream }) {
    const item = await upstream.request({ path: `/items/${id}` });
    return { content: [{ type: 'text', text: JSON.stringify(item) }] };
  },
});

/** The deps a tool call gets, as a server's src/extras.ts and src/index.ts wire them. */
export function depsOf(persistence: Persistence, config: Partial<RuntimeConfig> = {}): ToolDeps {
  const full = testConfig({ retry: { maxAttempts: 1 }, ...config });
  const auth = {
    apply: (url: URL) => void url.searchParams.set('api_key', API_KEY),
    refresh: async () => false,
  };
  return {
    config: full,
    upstream: createUpstreamClient(full, { auth, missing: () => [] }, fetch, persistence.observeUpstream),
    recorder: persistence.recorder,
  };
}

export const tempDataDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'records-'));

export const recordFileNames = (dir: string) =>
  fs
    .readdirSync(dir)
    .filter((f) => /^calls-.*\.jsonl$/.test(f))
    .sort();

/** Every line of every record file: the complete ones parsed (a test fails on one that does not parse). */
export function linesOf(dir: string): { records: CallRecord[]; tails: string[] } {
  const records: CallRecord[] = [];
  const tails: string[] = [];
  for (const name of recordFileNames(dir)) {
    const text = fs.readFileSync(path.join(dir, name), 'utf8');
    const lines = text.split('\n');
    const tail = lines.pop() ?? ''; // after the last newline: '' for an intact file
    if (tail) tails.push(tail);
    for (const line of lines) records.push(JSON.parse(line) as CallRecord);
  }
  return { records, tails };
}

/** Settings for startPersistence / the burst child, as environment variables. */
export const persistenceEnv = (dir: string, settings: Record<string, string> = {}): Record<string, string> => ({
  [`${ENV_PREFIX}_DATA_DIR`]: dir,
  ...Object.fromEntries(Object.entries(settings).map(([k, v]) => [`${ENV_PREFIX}_${k}`, v])),
});
