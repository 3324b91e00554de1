// The `auth` generator's view of a server repo: its name, preset and env prefix, the scheme it uses
// now (from .mcp-factory.json: the last auth run, else the server run), and the checks that must
// pass before a scheme is switched.
import fs from 'node:fs';
import path from 'node:path';
import { MANIFEST, type Manifest } from '../../engine/actions/recordRun.js';
import { checkMarkers } from '../../engine/contract/markers.js';
import { authRun, serverFacts, type ServerFacts } from '../../engine/contract/vocabulary.js';
import { presets, type Preset, type PresetId } from '../../engine/contract/presets.js';
import { planAuth, recordedAuthAnswers, type AuthPlan } from './schemes.js';

/** The server's facts, with its preset's details (the upstream's name in messages, the preset's defaults). */
export interface RepoFacts extends Omit<ServerFacts, 'preset'> {
  preset: Preset;
}

export function repoFacts(repo: string, manifest: Manifest): RepoFacts {
  const facts = serverFacts(repo, manifest);
  const preset = presets[facts.preset as PresetId];
  if (!preset) throw new Error(`cannot tell which server this is: no server run in ${path.join(repo, MANIFEST)}`);
  return { ...facts, preset };
}

/** The scheme in place: the last `auth` run's, else the one the server was generated with. */
export function currentAuth(manifest: Manifest, prefix: string): AuthPlan | undefined {
  const run = authRun(manifest);
  return run && planAuth(recordedAuthAnswers(run.answers, run.schemeFlag), prefix);
}

/** Refuses (one line) unless the repo has the pieces a scheme switch rewrites. */
export function checkAuthTargets(repo: string): void {
  // The upstream client is bound to src/auth.ts in src/config.ts (src/client.ts in servers generated before the runtime's entry).
  const binds = (file: string) =>
    fs.existsSync(path.join(repo, file)) && fs.readFileSync(path.join(repo, file), 'utf8').includes("from './auth.js'");
  if (!binds('src/config.ts') && !binds('src/client.ts')) {
    throw new Error(
      `cannot change auth: src/config.ts in ${repo} does not use src/auth.ts (the server was generated before \`npx plop auth\` existed)`,
    );
  }
  checkMarkers(repo, ['auth-docs'], 'change auth');
}
