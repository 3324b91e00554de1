// A pack is a plopfile that brings generators and assets: the factory is one, a team's is another.
// A server repo's plopfile loads the factory, then its team packs, one `await plop.load(...)` each:
// a later pack wins for a generator name (plop keeps the last one set) and for an asset (the
// resolver searches the last loaded pack first). The generator list names each generator's pack.
import type { NodePlopAPI } from 'node-plop';
import { beginLoading, registerPackAssets } from './assets.js';
import type { PackGenerator } from './defineGenerator.js';
import { adaptPlopCli } from './plopCli.js';

export interface PackSpec {
  /** Shown in the generator list and in step summaries, e.g. the npm package name. */
  name: string;
  /** Folder holding the pack's partials/<name>/ and generators/<name>/files/ (usually `import.meta.dirname`). */
  root: string;
  generators: readonly PackGenerator[];
}

/** Sets the generators on plop; those that grow a server repo are the ones a repo's `plop.load` takes. */
export function registerGenerators(plop: NodePlopAPI, pack: Omit<PackSpec, 'root'>): void {
  void adaptPlopCli(); // under plop's launcher: Ctrl-C exits 130 from here on (the generator list is a prompt too)
  beginLoading(plop.getDestBasePath());
  for (const generator of pack.generators) plop.setGenerator(generator.name, generator.toPlop(plop, pack.name));
  plop.setDefaultInclude({ generators: pack.generators.filter((g) => g.target === 'repo').map((g) => g.name) });
}

/** The plopfile of a team pack: its assets join the search order for this destination, its generators are set. */
export function definePack(pack: PackSpec): (plop: NodePlopAPI) => void {
  return (plop) => {
    registerPackAssets(plop.getDestBasePath(), { name: pack.name, root: pack.root });
    registerGenerators(plop, pack);
  };
}

/**
 * What a server repo's plopfile calls: loads each target (a package name or a path: the factory,
 * then team packs) one after another, so load order is the order given, and copies each loaded
 * generator's description (with its pack's name) into the list plop shows; plop.load leaves it out.
 */
export async function loadPacks(plop: NodePlopAPI, targets: readonly string[]): Promise<void> {
  for (const target of targets) await plop.load(target);
  for (const { name } of plop.getGeneratorList()) {
    const loaded = plop.getGenerator(name) as { description?: string; proxy?: NodePlopAPI; proxyName?: string };
    if (!loaded.description && loaded.proxy && loaded.proxyName)
      loaded.description = loaded.proxy.getGenerator(loaded.proxyName).description;
  }
}
