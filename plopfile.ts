// mcp-factory's plop pack: registers the generators (generators/index.ts lists them, one line each). A
// generated server repo loads this file with `plop.load("mcp-factory")` (see index.js), which takes the
// generators that grow a repo.
import type { NodePlopAPI } from 'node-plop';
import { registerGenerators } from './engine/contract/pack.js';
import { FACTORY_GENERATORS } from './generators/index.js';

export default function plopfile(plop: NodePlopAPI): void {
  registerGenerators(plop, { name: 'mcp-factory', generators: FACTORY_GENERATORS });
}
