// The factory's generators, in the order `npx plop` lists them: plopfile.ts registers this list, and
// scripts/generatorReadmes.ts writes each one's README (its answers) from it.
import type { PackGenerator } from '../engine/contract/defineGenerator.js';
import { authGenerator } from './auth/index.js';
import { ejectGenerator } from './eject/index.js';
import { fixturesGenerator } from './fixtures/index.js';
import { httpGenerator } from './http/index.js';
import { methodGenerator } from './method/index.js';
import { openapiGenerator } from './openapi/index.js';
import { persistenceGenerator } from './persistence/index.js';
import { promptGenerator } from './prompt/index.js';
import { resourceGenerator } from './resource/index.js';
import { serverGenerator } from './server/index.js';
import { updateGenerator } from './update/index.js';

export const FACTORY_GENERATORS: readonly PackGenerator[] = [
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
];
