// `npm run demo [-- --preset perplexity|gemini|openai|rest] [--dir <parent>]` (`-- --help` says more)
// Shows the whole product with no API key: generate a server into a temp folder, install and build
// it, start a fake upstream on 127.0.0.1, then call the server's tool through the official MCP
// client over stdio and print each step and the answer. Every failure is one `[ERROR]` line, exit 1.
import { main } from '../src/demo/runDemo.js';

process.exitCode = await main(process.argv.slice(2));
