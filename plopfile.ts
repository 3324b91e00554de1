// mcp-factory's plop pack: the generators, one line each. A generated server repo loads this file with
// `plop.load("mcp-factory")` (see index.js), which takes the generators that grow a repo.
import type { NodePlopAPI } from 'node-plop';
import { registerGenerators } from './generators/contract/pack.js';
import { authGenerator } from './generators/auth/index.js';
import { ejectGenerator } from './generators/eject/index.js';
import { fixturesGenerator } from './generators/fixtures/index.js';
import { httpGenerator } from './generators/http/index.js';
import { methodGenerator } from './generators/method/index.js';
import { openapiGenerator } from './generators/openapi/index.js';
import { promptGenerator } from './generators/prompt/index.js';
import { resourceGenerator } from './generators/resource/index.js';
import { persistenceGenerator } from './generators/persistence/index.js';
import { serverGenerator } from './generators/server/index.js';
import { updateGenerator } from './generators/update/index.js';

export default function plopfile(plop: NodePlopAPI): void {
  registerGenerators(plop, {
    name: 'mcp-factory',
    generators: [
      serverGenerator,
      methodGenerator,
      resourceGenerator,
      promptGenerator,
      openapiGenerator,
      authGenerator,
      persistenceGenerator,
      httpGenerator,
      updateGenerator,
      ejectGenerator,
      fixturesGenerator,
    ],
  });
}
