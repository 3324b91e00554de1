// Toolsets of the tools `npx plop openapi` writes: each operation belongs to one (its first tag, else
// its path's first segment). `<PREFIX>_TOOLSETS=repos,issues` registers only the tools of those
// toolsets (in dynamic mode: search, describe and call see only their operations); unset, all of
// them. An unknown name is one warning line on stderr naming the known toolsets. The prefix is the
// server's own (its config's envPrefix), given by whoever asks.
import type { Tool } from '../defineTool.js';
import { log } from '../log.js';

/** Every toolset this server has tools or catalog operations in (filled as the tool modules load). */
const known = new Set<string>();
let enabled: ReadonlySet<string> | undefined;
let read = false;

/** Makes these toolsets known (a tool module or the operation catalog, when it loads). */
export function declareToolsets(names: Iterable<string>): void {
  for (const name of names) known.add(name);
}

/**
 * The toolsets `<envPrefix>_TOOLSETS` enables (undefined: all), read once per process; unknown names are
 * warned about once.
 */
export function enabledToolsets(
  envPrefix: string,
  env: NodeJS.ProcessEnv = process.env,
): ReadonlySet<string> | undefined {
  if (read) return enabled;
  read = true;
  const variable = `${envPrefix}_TOOLSETS`;
  const raw = env[variable]?.trim();
  if (!raw) return undefined;
  const names = raw
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !known.has(name));
  if (unknown.length) {
    log.warn(`${variable}: unknown toolset(s) ${unknown.join(', ')}; known toolsets: ${[...known].sort().join(', ')}`);
  }
  enabled = new Set(names);
  return enabled;
}

/** True when tools of this toolset are served. */
export const toolsetEnabled = (toolset: string, envPrefix: string): boolean =>
  enabledToolsets(envPrefix)?.has(toolset) ?? true;

/** Forgets what `<PREFIX>_TOOLSETS` said (tests read it again with another value). */
export function resetToolsets(): void {
  read = false;
  enabled = undefined;
}

/** A tool of `toolset`: registered only while its toolset is enabled (calling it directly always works). */
export function inToolset(toolset: string, tool: Tool): Tool {
  declareToolsets([toolset]);
  return {
    ...tool,
    register(server, deps) {
      if (toolsetEnabled(toolset, deps.config.envPrefix)) tool.register(server, deps);
    },
  };
}

/** A tool that reads `<PREFIX>_TOOLSETS` when it is registered, so an unknown name is reported at start-up. */
export function checkingToolsets(tool: Tool): Tool {
  return {
    ...tool,
    register(server, deps) {
      enabledToolsets(deps.config.envPrefix);
      tool.register(server, deps);
    },
  };
}
