// `npm run demo [-- --preset perplexity|gemini|openai|rest] [--dir <parent>]` (`-- --help` says more)
// Shows the whole product with no API key: generate a server into a temp folder, install and build
// it, start a fake upstream on 127.0.0.1, then call the server's tool through the official MCP
// client over stdio and print each step and the answer. Every failure is one `[ERROR]` line, exit 1.
// package.json runs it as `node --import tsx`, in one process, not through the tsx command: that one runs the script
// in a child and, on Ctrl-C, waits 30 ms for the child to report the signal before it kills it (SIGKILL after
// another 30 ms); on a busy machine the report came late and the demo was killed before it removed its folder.
import { main } from '../src/demo/runDemo.js';

process.exitCode = await main(process.argv.slice(2));
