// mcp-factory's plop pack: our EJS action types and the generators, one line each.
// A generated server repo loads this file with `plop.load("mcp-factory")` (see index.js).
import type { NodePlopAPI } from 'node-plop';
import { registerActionTypes } from './generators/actions/index.js';
import { serverGenerator } from './generators/server/index.js';
import { methodGenerator } from './generators/method/index.js';

/** Generators that make sense inside an existing server repo (`server` creates a new one). */
export const repoGenerators: string[] = ['method'];

export default function plopfile(plop: NodePlopAPI): void {
  plop.setDefaultInclude({ generators: repoGenerators, actionTypes: true });
  registerActionTypes(plop);
  plop.setGenerator('server', serverGenerator(plop));
  plop.setGenerator('method', methodGenerator(plop));
}
