// mcp-factory's generators (`npx plop method`, ...), then team packs (a later one wins; files in
// .mcp-factory/partials/ and .mcp-factory/templates/ override them all). Keep the `mcp-factory:` markers.
import { loadPacks } from 'mcp-factory';

export default (plop) => loadPacks(plop, ['mcp-factory']);
