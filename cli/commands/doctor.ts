// `mcp-factory doctor [<server>...]`: every server (or the ones named) checked at once: it starts and
// answers initialize and tools/list in time, its server.json is valid, its required variables are
// set (names only). A table; exit 1 if any check fails. A server not built yet (a fresh one) is a
// warning naming the command that builds it, not a failure: its other checks still run.
import type { Command } from 'commander';
import { DEFAULT_TIMEOUT_MS } from '../timeouts.js';
import { discover, type ServerInfo } from '../discover.js';
import { CliError, oneLine } from '../errors.js';
import { declaredVars } from '../launch.js';
import { paint, printJson, table } from '../output.js';
import { resolveServer } from '../resolve.js';
import { discoveryOptions, parseTimeout, withDiscoveryFlags, type DiscoveryFlags } from './shared.js';

interface DoctorFlags extends DiscoveryFlags {
  json?: boolean;
  timeout: number;
}

export interface Diagnosis {
  name: string;
  path: string;
  /** Every check passed (warnings do not count). */
  ok: boolean;
  /** What is worth fixing but not a failure (a server not built yet). */
  warnings: string[];
  /** tools/list answered: the number of tools, or why not; not tried when the server is not built (`warning`). */
  start: { ok: true; tools?: number; warning?: string } | { ok: false; error: string; warning?: string };
  serverJson: { ok: true } | { ok: false; error: string };
  env: { ok: boolean; missing: string[] };
}

export async function diagnose(server: ServerInfo, timeoutMs: number): Promise<Diagnosis> {
  // loaded on use: see main.ts
  const [{ dotEnvOf, withServer }, { checkServerJson }] = await Promise.all([
    import('../connect.js'),
    import('../serverJson.js'),
  ]);
  const start: Diagnosis['start'] =
    server.status === 'not built'
      ? { ok: true, warning: `not built: run \`npm run build\` in ${server.path}` }
      : await withServer(server, timeoutMs, (client) => client.listTools()).then(
          ({ tools }) => ({ ok: true, tools: tools.length }),
          (error: unknown) => ({ ok: false, error: oneLine(error) }),
        );
  const serverJsonError = server.status === 'missing' ? 'folder missing' : checkServerJson(server);
  const fromFile = server.status === 'missing' ? {} : dotEnvOf(server);
  const missing = declaredVars(server)
    .filter((v) => v.required && !process.env[v.name] && !fromFile[v.name])
    .map((v) => v.name);
  return {
    name: server.name,
    path: server.path,
    ok: start.ok && !serverJsonError && missing.length === 0,
    warnings: start.warning ? [`${server.name}: ${start.warning}`] : [],
    start,
    serverJson: serverJsonError ? { ok: false, error: serverJsonError } : { ok: true },
    env: { ok: missing.length === 0, missing },
  };
}

const mark = (ok: boolean, text: string) => paint(ok ? 'green' : 'red', text);
const warn = (text: string) => paint('yellow', text);

export function doctorCommand(program: Command): void {
  withDiscoveryFlags(
    program
      .command('doctor')
      .description('check servers in parallel: start + initialize + tools/list, server.json, required variables')
      .argument('[server...]', 'the servers to check (default: every server found)')
      .option('--json', 'print the diagnoses as JSON')
      .option('--timeout <ms>', 'time each server gets to start and list its tools', parseTimeout, DEFAULT_TIMEOUT_MS),
  ).action(async (queries: string[], flags: DoctorFlags) => {
    const found = discover(discoveryOptions(flags));
    const servers = queries.length ? queries.map((q) => resolveServer(found, q)) : found;
    if (servers.length === 0)
      throw new CliError('no MCP servers found (generate one with `npx plop server`, or pass --path <folder>)');
    let done = 0;
    const progress = () => {
      if (process.stderr.isTTY) process.stderr.write(`\rchecking ${servers.length} server(s): ${done} done`);
    };
    progress();
    const results = await Promise.all(
      servers.map((server) =>
        diagnose(server, flags.timeout).finally(() => {
          done += 1;
          progress();
        }),
      ),
    );
    if (process.stderr.isTTY) process.stderr.write('\n');
    if (flags.json) printJson(results);
    else {
      const rows = results.map((r) => [
        r.name,
        !r.ok ? mark(false, 'FAIL') : r.warnings.length ? warn('warn') : mark(true, 'ok'),
        r.start.warning
          ? warn(r.start.warning)
          : r.start.ok
            ? mark(true, `ok (${r.start.tools} tools)`)
            : mark(false, r.start.error),
        r.serverJson.ok ? mark(true, 'valid') : mark(false, r.serverJson.error),
        r.env.ok ? mark(true, 'ok') : mark(false, `missing ${r.env.missing.join(', ')}`),
      ]);
      process.stdout.write(`${table(['SERVER', 'HEALTH', 'START + TOOLS', 'SERVER.JSON', 'REQUIRED ENV'], rows)}\n`);
    }
    for (const warning of results.flatMap((r) => r.warnings)) process.stderr.write(`warning: ${warning}\n`);
    const failed = results.filter((r) => !r.ok).map((r) => r.name);
    if (failed.length) {
      process.stderr.write(`${failed.length} of ${results.length} failed: ${failed.join(', ')}\n`);
      process.exitCode = 1;
    }
  });
}
