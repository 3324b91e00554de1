// Loads mcp-factory's generators into this repo: `npx plop method`, and the others as they exist.
// Generated code is injected at `mcp-factory:<name>` marker comments: keep those comments.
export default async function plopfile(plop) {
  await plop.load('mcp-factory');
}
