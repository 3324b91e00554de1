// A child process for the persistence tests:
//   node --import tsx test/persistence/burst.ts <count> <concurrency> [jsonl|configured]
// makes `count` tool calls through the real call path (defineTool → recorder → store) with the
// persistence settings from its environment, `concurrency` at a time, into jsonl files or the
// server's configured backend, and prints `ack <id>` on stdout when each call has answered (so a
// test that kills it knows which answers a client would have seen).
import * as z from 'zod';
import { createUpstream } from '../../src/client.js';
import { loadConfig } from '../../src/config.js';
import { defineTool } from '@mcp-factory/runtime/tool';
import { jsonlPersistence, startPersistence } from '../../src/persistence/index.js';
import { loadPersistenceSettings } from '../../src/persistence/settings.js';

const [count, concurrency] = process.argv.slice(2, 4).map(Number);
const backend = process.argv[4] ?? 'jsonl';
const payload = 'x'.repeat(Number(process.env.BURST_PAYLOAD ?? 100));
const report = (message: string) => process.stderr.write(`${message}\n`);
const persistence =
  backend === 'jsonl' ? jsonlPersistence(loadPersistenceSettings(), report) : startPersistence(process.env, report);
const config = loadConfig();
const deps = {
  config,
  upstream: createUpstream(config, fetch, persistence.observeUpstream),
  recorder: persistence.recorder,
};
const echo = defineTool({
  name: 'echo',
  description: 'answers with its input',
  inputSchema: z.object({ n: z.number(), payload: z.string() }),
  async run({ n }) {
    return { content: [{ type: 'text', text: `echo ${n}` }] };
  },
});

let next = 0;
async function worker(): Promise<void> {
  while (next < count) {
    const n = next++;
    const result = await echo.call({ n, payload }, deps, undefined, `req-${process.pid}-${n}`);
    if (result.isError) throw new Error(`call ${n} failed`);
    process.stdout.write(`ack req-${process.pid}-${n}\n`);
  }
}

await Promise.all(Array.from({ length: concurrency }, worker));
await persistence.close();
process.stdout.write('done\n');
