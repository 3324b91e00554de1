// A server as a generated src/index.ts defines it, served by the runtime's entry (`@mcp-factory/runtime/main`),
// bundled and started by main.test.ts. Its upstream is TEST_BASE_URL; TEST_API_KEY is its one credential.
import { serve } from '../../src/main.js';
import { ConfigError } from '../../src/config.js';
import { defineTool } from '../../src/defineTool.js';
import { log } from '../../src/log.js';
import { createUpstreamClient } from '../../src/upstream.js';
import * as z from 'zod';
import { ENV_PREFIX, testConfig } from '../helpers/config.js';

const echo = defineTool({
  name: 'echo',
  description: 'asks the upstream for /echo and returns what it said',
  inputSchema: z.object({ text: z.string() }),
  run: async ({ text }, { upstream, signal }) => {
    console.log(`echo: ${text}`); // as any code may: the entry's stdout guard sends it to stderr
    const body = await upstream.request<{ said: string }>({ path: '/echo', query: { text }, signal });
    return { content: [{ type: 'text', text: body.said }] };
  },
});

serve({
  name: 'fixture-server',
  version: '1.2.3',
  envPrefix: ENV_PREFIX,
  loadConfig() {
    const baseUrl = process.env[`${ENV_PREFIX}_BASE_URL`] ?? '';
    if (!/^https?:\/\//.test(baseUrl)) throw new ConfigError(`invalid ${ENV_PREFIX}_BASE_URL: expected a URL`);
    return testConfig({ baseUrl, retry: { maxAttempts: 1 }, timeouts: { deadlineMs: 5000 } });
  },
  createUpstream: (config, fetchImpl) =>
    createUpstreamClient(
      config,
      { auth: { apply: () => undefined, refresh: async () => false }, missing: () => missing() },
      fetchImpl,
    ),
  missingCredentials: () => missing(),
  tools: [echo],
  // What generators wire in (a store, a database): main.test.ts checks when it is set up.
  extras() {
    log.debug('extras: set up');
    return {};
  },
});

function missing(): string[] {
  return process.env[`${ENV_PREFIX}_API_KEY`] ? [] : [`${ENV_PREFIX}_API_KEY`];
}
