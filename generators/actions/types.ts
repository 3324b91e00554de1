// Typed builders for our custom plop actions. plop's ActionConfig type rejects custom keys,
// so each builder states its own config shape and casts once, here.
import type { ActionType, NodePlopAPI } from 'node-plop';

export type Answers = Record<string, unknown> & { dryRun?: boolean };

export interface ActionOf<C> {
  (answers: Answers, config: C & { type: string }, plop: NodePlopAPI): Promise<string> | string;
}

export function action<C extends object>(type: string, config: C): ActionType {
  return { type, ...config, abortOnFail: true } as unknown as ActionType;
}

/** The folder generators write into: plop's --dest, or the repo whose plopfile loaded us. */
export function destOf(plop: NodePlopAPI): string {
  return plop.getDestBasePath();
}
