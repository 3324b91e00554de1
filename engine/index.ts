// The package's public API (package.json "main" → index.js loads this file). The default export is
// the factory's plopfile, for `plop.load("mcp-factory")`; the named exports are what a team pack
// builds its own generators with: the contract, the steps, the asset resolver and the markers.
export { default } from '../plopfile.js';

export { defineGenerator, readManifest } from './contract/defineGenerator.js';
export { composeRun, type Composable, type ComposedRun } from './contract/compose.js';
export type {
  Answers,
  GeneratorContext,
  GeneratorDefinition,
  GeneratorSpec,
  PackGenerator,
  RecordedAnswers,
  RecordedValue,
} from './contract/defineGenerator.js';
export { definePack, loadPacks, registerGenerators } from './contract/pack.js';
export type { PackSpec } from './contract/pack.js';
export { AssetResolver, assetsFor, factoryLayer, packLayers, REPO_OVERRIDES } from './contract/assets.js';
export type { AssetLayer } from './contract/assets.js';
export { checkMarkers, MARKERS, markerPattern, markerText, missingMarker } from './contract/markers.js';
export type { MarkerName } from './contract/markers.js';
export {
  collectAnswers,
  oneOf,
  question,
  questions,
  resolveAnswers,
  text,
  toBool,
  trimmed,
  yesNo,
} from './contract/questions.js';
export type { AnswersOf, GivenAnswers, Question } from './contract/questions.js';

export { steps } from './actions/index.js';
export type { Data, Step, StepContext } from './actions/index.js';
export { injectAboveMarker } from './actions/injectPartial.js';
export { renderFile, targetName } from './actions/render.js';
export { MANIFEST } from './actions/recordRun.js';
export type { Manifest } from './actions/recordRun.js';
export { Tree } from './actions/tree.js';

export { registerTool } from './primitives/registerTool.js';
export { camelCase, toolNames } from './primitives/naming.js';
export { envPrefix, toolNameQuestion } from './contract/vocabulary.js';
export { factoryVersion, pick, versions } from './versions.js';
export type { DependencyName } from './versions.js';
export { FACTORY_ROOT } from './paths.js';
