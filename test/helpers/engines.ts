// Which installed packages would not run on a given Node: what npm reports as EBADENGINE on install, read from
// the package.json of every package under a folder's node_modules (nested ones too).
import fs from 'node:fs';
import path from 'node:path';
import semver from 'semver';

/** `name@version needs <range>` for each package under `root`/node_modules whose engines.node excludes `node`. */
export function packagesExcluding(root: string, node: string): string[] {
  const found: string[] = [];
  const walk = (modules: string): void => {
    if (!fs.existsSync(modules)) return;
    for (const entry of fs.readdirSync(modules)) {
      if (entry.startsWith('.')) continue;
      const dir = path.join(modules, entry);
      if (entry.startsWith('@')) {
        walk(dir);
        continue;
      }
      const manifest = path.join(dir, 'package.json');
      if (fs.existsSync(manifest)) {
        const { name, version, engines } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as {
          name?: string;
          version?: string;
          engines?: { node?: unknown };
        };
        const range = engines?.node;
        if (typeof range === 'string' && !semver.satisfies(node, range, { includePrerelease: true }))
          found.push(`${name}@${version} needs ${range}`);
      }
      walk(path.join(dir, 'node_modules'));
    }
  };
  walk(path.join(root, 'node_modules'));
  return found;
}

/** The oldest Node a package.json's engines.node allows. */
export function oldestNode(packageJson: string): string {
  const { engines } = JSON.parse(fs.readFileSync(packageJson, 'utf8')) as { engines: { node: string } };
  const oldest = semver.minVersion(engines.node);
  if (!oldest) throw new Error(`${packageJson}: engines.node ${engines.node} allows no version`);
  return oldest.version;
}
