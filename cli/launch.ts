// What a client needs to start a discovered server: the command, its arguments and the environment
// variables it declares in server.json (names and whether they are secret, never values).
import fs from 'node:fs';
import path from 'node:path';
import type { ServerInfo } from './discover.js';

export interface LaunchVar {
  name: string;
  description: string;
  secret: boolean;
  required: boolean;
}

export interface LaunchSpec {
  /** The key the server gets in a client's config: the package name without its scope. */
  key: string;
  command: string;
  args: string[];
  /** The variables a client must pass: the secret and the required ones from server.json. */
  vars: LaunchVar[];
}

interface ServerJsonVar {
  name?: unknown;
  description?: unknown;
  isSecret?: unknown;
  isRequired?: unknown;
}

/** Every environment variable server.json declares (all its packages). */
export function declaredVars(server: ServerInfo): LaunchVar[] {
  let doc: { packages?: Array<{ environmentVariables?: ServerJsonVar[] }> };
  try {
    doc = JSON.parse(fs.readFileSync(path.join(server.path, 'server.json'), 'utf8'));
  } catch {
    return [];
  }
  const vars = new Map<string, LaunchVar>();
  for (const pkg of doc.packages ?? []) {
    for (const v of pkg.environmentVariables ?? []) {
      if (typeof v.name !== 'string' || vars.has(v.name)) continue;
      vars.set(v.name, {
        name: v.name,
        description: typeof v.description === 'string' ? v.description : '',
        secret: v.isSecret === true,
        required: v.isRequired === true,
      });
    }
  }
  return [...vars.values()];
}

export function launchSpec(server: ServerInfo): LaunchSpec {
  return {
    key: server.name.replace(/^@[^/]+\//, ''),
    command: 'node',
    args: [server.entry],
    vars: declaredVars(server).filter((v) => v.secret || v.required),
  };
}
