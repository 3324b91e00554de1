// Registers a new server in the factory's catalog (cli/catalog.ts), so `mcp-factory list` finds it
// from any folder. The catalog lives outside the repo, so the step does not stage anything: it asks
// the tree for an effect after the commit, which a --dry-run or a refused run never reaches. A catalog
// that cannot be written does not undo the generated repo: the run says so and how to find it anyway. The
// line it prints says how to forget the entry; MCP_FACTORY_HOME points a run at another catalog.
import path from 'node:path';
import { catalogFile, registerServer } from '../../cli/catalog.js';
import type { Step } from './step.js';

export function registerInCatalog({ repo, name, mcpName }: { repo: string; name: string; mcpName: string }): Step {
  return {
    name: 'registerInCatalog',
    run({ tree }) {
      const folder = tree.abs(repo);
      tree.afterCommit(async () => {
        try {
          const file = await registerServer({ name, mcpName, path: folder });
          return `registered ${name} in the server catalog ${file} (\`mcp-factory list\` finds it from any folder; delete its entry there to forget it)`;
        } catch (error) {
          const reason = (error as Error).message.split('\n')[0];
          return `could not register ${name} in the server catalog ${catalogFile()} (${reason}); \`mcp-factory list --path ${path.relative(process.cwd(), folder) || '.'}\` still finds it`;
        }
      });
      return `${name}: to be registered in the server catalog once written`;
    },
  };
}
