// Registers our EJS-aware action types with plop. Generators use them through the typed builders.
import type { NodePlopAPI } from 'node-plop';
import { action } from './types.js';
import { renderTree, type RenderTreeConfig } from './renderTree.js';
import { injectPartial, type InjectPartialConfig } from './injectPartial.js';
import { recordRun, type RecordRunConfig } from './recordRun.js';
import { commitTree } from './commitTree.js';

const actionTypes = { renderTree, injectPartial, recordRun, commitTree } as const;

export function registerActionTypes(plop: NodePlopAPI): void {
  for (const [name, fn] of Object.entries(actionTypes)) {
    // async wrapper: plop records a synchronous throw as a bare Error, a rejection as {type, error}
    const call = fn as (...args: unknown[]) => unknown;
    plop.setActionType(name, (async (...args: unknown[]) => call(...args)) as never);
  }
}

export const actions = {
  renderTree: (config: RenderTreeConfig) => action('renderTree', config),
  injectPartial: (config: InjectPartialConfig) => action('injectPartial', config),
  recordRun: (config: RecordRunConfig) => action('recordRun', config),
  commitTree: () => action('commitTree', {}),
};
