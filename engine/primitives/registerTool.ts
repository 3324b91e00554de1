// The three edits that make a tool part of a server repo, shared by `server` (its first tool),
// `method` and team generators: the import and the `tools` entry in src/primitives.ts, and a line
// in the README.
import { steps, type Data, type Step } from '../actions/index.js';
import type { toolNames } from './naming.js';

/** A tool's template data: at least its names (toolNames: toolName, toolVar, toolFile). */
export type ToolData = Data & ReturnType<typeof toolNames>;

export interface RegisterToolOptions {
  /** The server repo, relative to the destination or absolute. */
  repo: string;
  /** Template data with toolVar, toolFile and toolName. */
  data: ToolData;
  /** The README line's text after the tool name. */
  readmeLine: string;
}

/** The same edits for many tools at once: each file is written (and formatted) once, not once per tool. */
export function registerTools(repo: string, tools: ReadonlyArray<{ data: ToolData; readmeLine: string }>): Step[] {
  const datas = tools.map((t) => t.data);
  return [
    steps.injectPartial({ repo, marker: 'tool-imports', partial: 'method/import.ts.ejs', data: datas }),
    steps.injectPartial({ repo, marker: 'tools', partial: 'method/register.ts.ejs', data: datas }),
    steps.injectPartial({
      repo,
      marker: 'readme-tools',
      partial: 'method/readme.md.ejs',
      data: tools.map((t) => ({ ...t.data, description: t.readmeLine })),
    }),
  ];
}

export function registerTool({ repo, data, readmeLine }: RegisterToolOptions): Step[] {
  return [
    steps.injectPartial({ repo, marker: 'tool-imports', partial: 'method/import.ts.ejs', data }),
    steps.injectPartial({ repo, marker: 'tools', partial: 'method/register.ts.ejs', data }),
    steps.injectPartial({
      repo,
      marker: 'readme-tools',
      partial: 'method/readme.md.ejs',
      data: { ...data, description: readmeLine },
    }),
  ];
}
