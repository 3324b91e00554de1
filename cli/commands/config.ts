// `mcp-factory config <server> --client <id> [--write]`: the client's exact entry for a server, and
// with --write merged into the client's real config file (backup first, atomic, comments kept,
// a file it cannot parse refused, a second run changing nothing).
import fs from 'node:fs';
import { Option, type Command } from 'commander';
import { stringify } from '@decimalturn/toml-patch';
import { CLIENT_IDS, CLIENTS, type ClientId } from '../clients/index.js';
import { mergeJsonEntry } from '../clients/jsoncEdit.js';
import { mergeTomlEntry } from '../clients/tomlEdit.js';
import { writeWithBackup } from '../clients/writeConfig.js';
import { discover } from '../discover.js';
import { CliError } from '../errors.js';
import { launchSpec, type LaunchSpec } from '../launch.js';
import { resolveServer } from '../resolve.js';
import { discoveryOptions, withDiscoveryFlags, type DiscoveryFlags } from './shared.js';

interface ConfigFlags extends DiscoveryFlags {
  client: ClientId;
  write?: boolean;
  file?: string;
}

/** The snippet as the client's file would hold it. */
export function snippet(client: ClientId, spec: LaunchSpec): string {
  const merge = CLIENTS[client].entry(spec);
  if (merge.format === 'toml') return stringify({ [merge.root]: { [spec.key]: merge.entry } }, { inlineTableStart: 3 });
  const doc = { ...(merge.inputs?.length ? { inputs: merge.inputs } : {}), [merge.root]: { [spec.key]: merge.entry } };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** Merges the entry into `file`; returns what happened, in one line. */
export async function writeClientConfig(client: ClientId, spec: LaunchSpec, file: string): Promise<string> {
  const merge = CLIENTS[client].entry(spec);
  const original = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
  const text =
    merge.format === 'toml'
      ? mergeTomlEntry(file, original ?? '', spec.key, merge)
      : mergeJsonEntry(file, original ?? '', spec.key, merge);
  if (original !== undefined && text === original) return `${file} already has ${spec.key}: nothing changed`;
  const backup = await writeWithBackup(file, original, text);
  return `wrote ${spec.key} into ${file}${backup ? ` (previous file kept as ${backup})` : ' (new file)'}`;
}

export function configCommand(program: Command): void {
  withDiscoveryFlags(
    program
      .command('config')
      .description("print a client's config entry for a server; --write merges it into the client's config file")
      .argument('<server>', 'package name or mcpName (a unique prefix works)')
      .addOption(new Option('--client <client>', 'the MCP client').choices(CLIENT_IDS).makeOptionMandatory())
      .option('--write', "merge the entry into the client's config file (a backup is kept; comments are kept)")
      .option('--file <path>', "the config file to write instead of the client's default one"),
  ).action(async (query: string, flags: ConfigFlags) => {
    const server = resolveServer(discover(discoveryOptions(flags)), query);
    if (server.status === 'missing') throw new CliError(`${server.name}: its folder ${server.path} no longer exists`);
    const client = CLIENTS[flags.client];
    const spec = launchSpec(server);
    if (server.status === 'not built') {
      process.stderr.write(
        `note: ${server.name} is not built yet: run \`npm run build\` in ${server.path} before the client starts it\n`,
      );
    }
    const file = flags.file ?? client.file(process.env, process.cwd());
    if (flags.write) process.stdout.write(`${await writeClientConfig(flags.client, spec, file)}\n`);
    else process.stdout.write(snippet(flags.client, spec));
    const note = client.note?.(spec, file);
    if (note) process.stderr.write(`note: ${note}\n`);
    if (!flags.write) process.stderr.write(`(${client.label}: add it to ${file}, or run again with --write)\n`);
  });
}
