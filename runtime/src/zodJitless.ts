// zod compiles every object schema into a parser with `new Function` on its first parse. At a start that costs
// more than the parses it speeds up: answering initialize compiled the SDK's request schemas (about a tenth of a
// cold start, measured with the factory's bench/coldStart.ts), and code made by `new Function` cannot come from the
// build's V8 code cache. Without it zod gives the same results by walking the schema, a few microseconds per call
// at most. A schema reads the setting when it is built, so main.ts imports this module before the SDK.
import { config } from 'zod';

config({ jitless: true });
