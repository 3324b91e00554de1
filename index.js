// Package entry for `plop.load("mcp-factory")` from a generated server repo.
// plop.load resolves "main" and imports it as plain JavaScript; the generators are TypeScript,
// so we compile them on the fly with tsx's scoped loader (it does not leak into the host process).
import { tsImport } from 'tsx/esm/api';

const plopfile = await tsImport('./plopfile.ts', import.meta.url);

export default plopfile.default;
