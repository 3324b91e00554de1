// Which transport to serve, decided before anything else loads. This module imports nothing, so a stdio
// start that asks it pays for a few lines, never for the HTTP code or its dependencies
// (`@mcp-factory/runtime/http`, which a server bundles apart and loads only when this answers true).

/** `--http` on the command line, or `<PREFIX>_TRANSPORT=http`. */
export function httpRequested(
  envPrefix: string,
  argv: readonly string[] = process.argv,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  return argv.slice(2).includes('--http') || env[`${envPrefix}_TRANSPORT`]?.toLowerCase() === 'http';
}
