// Where the factory keeps its own state (the catalog): the user's config folder for mcp-factory
// (env-paths: ~/.config/mcp-factory on Linux, ~/Library/Preferences/mcp-factory on macOS,
// %APPDATA%\mcp-factory\Config on Windows). MCP_FACTORY_HOME overrides it, so tests never touch the real one.
import path from 'node:path';
import envPaths from 'env-paths';

export function factoryHome(env: NodeJS.ProcessEnv = process.env): string {
  const override = env.MCP_FACTORY_HOME;
  if (override) return path.resolve(override);
  return envPaths('mcp-factory', { suffix: '' }).config;
}
