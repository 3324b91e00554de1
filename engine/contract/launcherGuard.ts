// Preloaded in this checkout (.npmrc: `--import @mcp-factory/plop-launcher-guard`, scripts/plop-launcher-guard), before plop's launcher runs.
// The launcher (Liftoff) restarts Node with every argument that is also a Node option moved in front
// of its own script, so `npx plop resource -- --title Order` became `node --title <plop.js> resource …`:
// Node took plop's script for the process title, tried to run "resource" and died with a stack
// trace. No generator code runs before that restart, so the check is made here: one `[ERROR]` line
// naming the flag to use instead, exit 1. Any other process (tsc, prettier, jest) is left alone.
import { plopLauncher } from './plopCli.js';

const nodeOption = (arg: string) => {
  const flag = arg.split('=')[0];
  return flag.startsWith('-') && process.allowedNodeEnvironmentFlags.has(flag) ? flag : undefined;
};

// `--no-respawning` marks the restarted process: the launcher already moved the options there.
const flag =
  plopLauncher() && !process.argv.includes('--no-respawning')
    ? process.argv
        .slice(2)
        .map(nodeOption)
        .find((option) => option !== undefined)
    : undefined;
if (flag) {
  const { RENAMED_FLAGS } = await import('./questions.js');
  const instead = RENAMED_FLAGS.get(flag.replace(/^-+/, ''));
  console.error(
    `[ERROR] ${flag} is an option of Node itself, which plop's launcher takes before any generator runs: ${
      instead ? `use --${instead}` : 'no generator flag can be named so'
    }`,
  );
  process.exit(1);
}
