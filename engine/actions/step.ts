// A step is one unit of a generator run: it reads and writes through the run's virtual tree, finds
// templates and partials through the run's asset resolver, and returns a one-line summary. Only the
// contract's final commit touches the disk. Our own steps live in this folder, one file each; a team
// may write its own as `{ name, run(ctx) { ...; return 'summary'; } }`.
import type { AssetResolver } from '../contract/assets.js';
import type { Tree } from './tree.js';

/**
 * A template's data: any typed object, its keys the template's variables (a generator's templateData.ts says
 * which). EJS sees its own enumerable keys; a step that renders one template twice (data and `replaces`) takes
 * both of the same type.
 */
export type Data = object;

export interface StepContext {
  tree: Tree;
  assets: AssetResolver;
}

export interface Step {
  /** What kind of step this is (shown when it fails). */
  name: string;
  run(ctx: StepContext): string | Promise<string>;
}
