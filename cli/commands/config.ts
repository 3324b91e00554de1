// `mcp-factory config <server> --client <id|all> [--scope user|project] [--write | --dry-run]`: the
// client's exact entry for a server, and with --write merged into the client's real config file
// (backup first, atomic, comments kept where the client reads them, a file the client could not read
// refused, a second run changing nothing); --dry-run prints the diff --write would make.
import fs from 'node:fs';
import { Option, type Command } from 'commander';
import { createPatch } from 'diff';
import { CLIENT_IDS, CLIENTS, clientFile, type ClientId, type Scope } from '../clients/index.js';
import { mergeJsonEntry } from '../clients/jsoncEdit.js';
import { mergeTomlEntry, section } from '../clients/tomlEdit.js';
import { mergeYamlEntry, yamlSnippet } from '../clients/yamlEdit.js';
import { writeWithBackup } from '../clients/writeConfig.js';
import { discover } from '../discover.js';
import { CliError } from '../errors.js';
import { launchSpec, type LaunchSpec } from '../launch.js';
import { resolveServer } from '../resolve.js';
import { discoveryOptions, withDiscoveryFlags, type DiscoveryFlags } from './shared.js';

interface ConfigFlags extends DiscoveryFlags {
  client: ClientId | 'all';
  scope?: Scope;
  write?: boolean;
  dryRun?: boolean;
  file?: string;
}

/** The snippet as the client's file would hold it (ending with a line break). */
export function snippet(client: ClientId, spec: LaunchSpec): string {
  const merge = CLIENTS[client].entry(spec);
  if (merge.format === 'toml') return section(merge.root, spec.key, merge.entry);
  if (merge.format === 'yaml') return yamlSnippet(merge.root, spec.key, merge.entry);
  const doc = { ...(merge.inputs?.length ? { inputs: merge.inputs } : {}), [merge.root]: { [spec.key]: merge.entry } };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

interface Merged {
  file: string;
  original: string | undefined;
  text: string;
}

/** The file's text with the entry merged in (nothing written); throws a CliError for a file it must refuse. */
export function mergeClientConfig(client: ClientId, spec: LaunchSpec, file: string): Merged {
  const merge = CLIENTS[client].entry(spec);
  const original = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
  const text =
    merge.format === 'toml'
      ? mergeTomlEntry(file, original ?? '', spec.key, merge)
      : merge.format === 'yaml'
        ? mergeYamlEntry(file, original ?? '', spec.key, merge)
        : mergeJsonEntry(file, original ?? '', spec.key, merge, CLIENTS[client].label);
  return { file, original, text };
}

const unchanged = ({ original, text }: Merged) => original !== undefined && text === original;

async function write(merged: Merged, key: string): Promise<string> {
  if (unchanged(merged)) return `${merged.file} already has ${key}: nothing changed`;
  const backup = await writeWithBackup(merged.file, merged.original, merged.text);
  return `wrote ${key} into ${merged.file}${backup ? ` (previous file kept as ${backup})` : ' (new file)'}`;
}

/** The unified diff --write would apply. */
export function diffOf(merged: Merged, key: string): string {
  if (unchanged(merged)) return `${merged.file} already has ${key}: nothing would change\n`;
  return createPatch(
    merged.file,
    merged.original ?? '',
    merged.text,
    merged.original === undefined ? 'new file' : 'now',
    'after --write',
  );
}

/** Merges the entry into `file`; returns what happened, in one line. */
export async function writeClientConfig(client: ClientId, spec: LaunchSpec, file: string): Promise<string> {
  return write(mergeClientConfig(client, spec, file), spec.key);
}

/** The clients whose files or folders are on this machine (for `--client all`). */
export function clientsFound(env: NodeJS.ProcessEnv): ClientId[] {
  return CLIENT_IDS.filter((id) => CLIENTS[id].markers(env).some((marker) => fs.existsSync(marker)));
}

export function configCommand(program: Command): void {
  withDiscoveryFlags(
    program
      .command('config')
      .description("print a client's config entry for a server; --write merges it into the client's config file")
      .argument('<server>', 'package name or mcpName (a unique prefix works)')
      .addOption(
        new Option('--client <client>', 'the MCP client (all: every client found on this machine)')
          .choices([...CLIENT_IDS, 'all'])
          .makeOptionMandatory(),
      )
      .addOption(
        new Option(
          '--scope <scope>',
          "which of the client's config files (default: user; Claude Code: project)",
        ).choices(['user', 'project']),
      )
      .option('--write', "merge the entry into the client's config file (a backup is kept; comments are kept)")
      .option('--dry-run', 'print the diff --write would make, and write nothing')
      .option('--file <path>', "the config file to write instead of the client's default one"),
  ).action(async (query: string, flags: ConfigFlags) => {
    if (flags.client === 'all' && flags.file) throw new CliError('--file names one file: use it with one --client');
    const server = resolveServer(discover(discoveryOptions(flags)), query);
    if (server.status === 'missing') throw new CliError(`${server.name}: its folder ${server.path} no longer exists`);
    const spec = launchSpec(server);
    if (server.status === 'not built') {
      process.stderr.write(
        `note: ${server.name} is not built yet: run \`npm run build\` in ${server.path} before the client starts it\n`,
      );
    }
    const all = flags.client === 'all';
    const ids = flags.client === 'all' ? clientsFound(process.env) : [flags.client];
    if (!ids.length) throw new CliError(`no MCP client found on this machine (looked for ${CLIENT_IDS.join(', ')})`);
    const targets: Array<{ id: ClientId; file: string }> = [];
    for (const id of ids) {
      // --client all configures the machine: each client's user file unless --scope project says otherwise.
      const scope = flags.scope ?? (all ? 'user' : undefined);
      const file = flags.file ?? clientFile(CLIENTS[id], scope, process.env, process.cwd());
      if (file) targets.push({ id, file });
      else if (all)
        process.stderr.write(`note: ${CLIENTS[id].label} documents no ${flags.scope} config file: skipped\n`);
      else throw new CliError(`${CLIENTS[id].label} documents no ${flags.scope} config file`);
    }
    if (flags.write || flags.dryRun) {
      // Every file is merged (and may be refused) before any is written: a refusal leaves all of them as they were.
      const merged = targets.map(({ id, file }) => ({ id, merged: mergeClientConfig(id, spec, file) }));
      for (const { id, merged: one } of merged) {
        process.stdout.write(flags.dryRun ? diffOf(one, spec.key) : `${await write(one, spec.key)}\n`);
        const note = CLIENTS[id].note?.(spec, one.file);
        if (note) process.stderr.write(`note: ${note}\n`);
      }
      return;
    }
    for (const { id, file } of targets) {
      const client = CLIENTS[id];
      if (all) process.stdout.write(`# ${client.label}: ${file}\n`);
      process.stdout.write(snippet(id, spec));
      const note = client.note?.(spec, file);
      if (note) process.stderr.write(`note: ${note}\n`);
      process.stderr.write(`(${client.label}: add it to ${file}, or run again with --write)\n`);
    }
  });
}
