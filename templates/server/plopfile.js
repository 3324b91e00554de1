// Loads mcp-factory's generators into this repo (`npx plop method`, ...), then team packs: add a
// pack's package name (or folder) to the list. A later pack wins for a generator or a partial of
// the same name; files in .mcp-factory/partials/ and .mcp-factory/templates/ override them all.
// Generated code is injected at `mcp-factory:<name>` marker comments: keep those comments.
import { loadPacks } from 'mcp-factory';

export default (plop) => loadPacks(plop, ['mcp-factory']);
