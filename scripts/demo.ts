// `npm run demo [-- --preset gemini|openai|rest|perplexity] [--dir <parent>]`
// Shows the whole product with no API key: generate a server into a temp folder, install and build
// it, start a fake upstream on 127.0.0.1, then call the server's tool through the official MCP
// client over stdio and print each step and the answer.
import { runDemo } from '../src/demo/runDemo.js';

runDemo(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
