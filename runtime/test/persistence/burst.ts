// A child process for the persistence tests (started from its bundle by startBurst.ts; by hand
// `node --import tsx runtime/test/persistence/burst.ts <count> <concurrency> [jsonl|postgres]`)
// makes `count` tool calls through the real call path (defineTool → recorder → store) with the
// persistence settings from its environment (TEST_*), `concurrency` at a time, into the given backend,
// and prints `ack <id>` on stdout when each call has answered (so a test that kills it knows which
// answers a client would have seen).
import { startPersistence } from '../../src/persistence/index.js';
import { jsonlBackend } from '../../src/persistence/jsonl.js';
import { depsOf, echo, settingsSource } from './helpers.js';

const [count, concurrency] = process.argv.slice(2, 4).map(Number);
const name = process.argv[4] === 'postgres' ? 'postgres' : 'jsonl';
const backend =
  name === 'postgres' ? (await import('../../src/persistence/postgres.js')).postgresBackend : jsonlBackend;
const payload = 'x'.repeat(Number(process.env.BURST_PAYLOAD ?? 100));
const report = (message: string) => process.stderr.write(`${message}\n`);
const persistence = startPersistence({ ...settingsSource(name), backend }, process.env, report);
const deps = depsOf(persistence);

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
