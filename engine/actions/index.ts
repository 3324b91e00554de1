// The steps a generator composes, as typed builders: `steps.renderTree({ ... })`.
import { editJson } from './editJson.js';
import { injectPartial } from './injectPartial.js';
import { recordRun } from './recordRun.js';
import { renderTree } from './renderTree.js';
import { replaceRegion } from './replaceRegion.js';

export const steps = { renderTree, injectPartial, replaceRegion, recordRun, editJson } as const;
export type { Step, StepContext, Data } from './step.js';
