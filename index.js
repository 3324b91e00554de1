// Package entry: `plop.load("mcp-factory")` from a server repo imports it (plop resolves "main"), and
// team packs import the generator contract from it. The code is TypeScript, loaded compiled (dist/factory.js,
// engine/compiled.mjs: built on first use and whenever a source changes), or where it cannot be built through
// tsx's scoped loader, which compiles it on the fly without leaking into the host process. One import, so
// everyone who loads the package shares one copy of its modules.
import { loadEntry } from './engine/compiled.mjs';

const api = await loadEntry(import.meta.dirname, 'factory');

export default api.default;
export const {
  defineGenerator,
  composeRun,
  readManifest,
  definePack,
  loadPacks,
  registerGenerators,
  AssetResolver,
  assetsFor,
  factoryLayer,
  packLayers,
  REPO_OVERRIDES,
  checkMarkers,
  MARKERS,
  markerPattern,
  markerText,
  missingMarker,
  collectAnswers,
  resolveAnswers,
  question,
  questions,
  text,
  trimmed,
  yesNo,
  oneOf,
  toBool,
  steps,
  injectAboveMarker,
  renderFile,
  targetName,
  MANIFEST,
  Tree,
  registerTool,
  camelCase,
  toolNames,
  envPrefix,
  toolNameQuestion,
  factoryVersion,
  pick,
  versions,
  FACTORY_ROOT,
} = api;
