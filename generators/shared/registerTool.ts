// The three edits that make a tool part of a server repo, shared by `server` (its first tool) and
// `method`: the import and the `tools` entry in src/tools/index.ts, and a line in the README.
import path from 'node:path';
import type { ActionType } from 'node-plop';
import { actions } from '../actions/index.js';
import type { Answers } from '../actions/types.js';
import { FACTORY_ROOT } from '../server/answers.js';

export interface RegisterToolOptions {
  /** The server repo, relative to the destination or absolute. */
  repo: (answers: Answers) => string;
  /** Template data with toolVar, toolFile and toolName. */
  vars: (answers: Answers) => Record<string, unknown>;
  /** The README line's text after the tool name. */
  readmeLine: (answers: Answers) => string;
}

export function registerToolActions({ repo, vars, readmeLine }: RegisterToolOptions): ActionType[] {
  const partial = (name: string) => path.join(FACTORY_ROOT, 'partials', name);
  const index = (a: Answers) => path.join(repo(a), 'src/tools/index.ts');
  return [
    actions.injectPartial({ path: index, marker: 'tool-imports', partial: partial('tools/import.ts.ejs'), vars }),
    actions.injectPartial({ path: index, marker: 'tools', partial: partial('tools/register.ts.ejs'), vars }),
    actions.injectPartial({
      path: (a) => path.join(repo(a), 'README.md'),
      marker: 'readme-tools',
      partial: partial('readme/tool.md.ejs'),
      vars: (a) => ({ ...vars(a), description: readmeLine(a) }),
    }),
  ];
}
