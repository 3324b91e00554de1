// What the prompt templates need, computed once from the plan: the first message template (EJS the
// user edits afterwards), and sample arguments with the exact text each must render to.
import ejs from 'ejs';
import { literal, q } from '../../engine/contract/literals.js';
import type { PromptArg, PromptPlan } from './answers.js';

const label = (arg: PromptArg) => arg.description ?? arg.name.replace(/_/g, ' ');

/** The message template a new prompt starts with: its description, then one line per argument. */
/** (Only the description and the arguments: a test renders a message without a whole plan.) */
export type MessageSource = Pick<PromptPlan, 'description' | 'args'>;

export function messageTemplate(plan: MessageSource): string {
  const lines = [plan.description, ''];
  for (const arg of plan.args) {
    const line = `${label(arg)}: <%- ${arg.name} %>`;
    lines.push(arg.required ? line : `<% if (${arg.name}) { -%>\n${line}\n<% } -%>`);
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/** Renders the message as the generated server does (same engine, same options). */
export function renderMessage(plan: MessageSource, args: Record<string, string>): string {
  const locals = Object.fromEntries(plan.args.map((a) => [a.name, args[a.name]]));
  return ejs.render(messageTemplate(plan), locals, { escape: (v: unknown) => (v == null ? '' : String(v)) });
}

export function promptTemplateData(plan: PromptPlan) {
  const sample = (arg: PromptArg, i: number) => arg.complete?.[0] ?? `${arg.name} ${i + 1} <&>`;
  const full = Object.fromEntries(plan.args.map((a, i) => [a.name, sample(a, i)]));
  const required = Object.fromEntries(plan.args.filter((a) => a.required).map((a) => [a.name, full[a.name]]));
  const firstRequired = plan.args.find((a) => a.required);
  const completed = plan.args.find((a) => a.complete);
  return {
    ...plan,
    q,
    literal,
    message: messageTemplate(plan),
    argsLiteral: plan.args.map((a) =>
      literal({ name: a.name, description: a.description, required: a.required, complete: a.complete }),
    ),
    fullArgs: full,
    fullText: renderMessage(plan, full),
    requiredArgs: required,
    requiredText: renderMessage(plan, required),
    hasOptional: plan.args.some((a) => !a.required),
    firstRequired,
    completed,
    listedArguments: plan.args.map((a) => ({ name: a.name, required: a.required })),
    readmeLine: `\`${plan.name}\`: ${plan.description}${
      plan.args.length ? ` (${plan.args.map((a) => `\`${a.name}${a.required ? '' : '?'}\``).join(', ')})` : ''
    }, message in \`src/prompts/${plan.name}.md\``,
  };
}

export type PromptTemplateData = ReturnType<typeof promptTemplateData>;
