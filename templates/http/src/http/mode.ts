// Which transport to serve, decided before anything else loads: stdio (the default) never loads
// the HTTP code, so a stdio server starts as fast as before.
import { ENV_PREFIX } from '../config.js';

/** `--http` on the command line, or `<PREFIX>_TRANSPORT=http`. */
export function httpRequested(argv: readonly string[] = process.argv, env: NodeJS.ProcessEnv = process.env): boolean {
  return argv.slice(2).includes('--http') || env[`${ENV_PREFIX}_TRANSPORT`]?.toLowerCase() === 'http';
}
