// The README section that lists a spec's toolsets (name, tool or operation count) and how
// `<PREFIX>_TOOLSETS` narrows them at run time: one region per spec, below the tool list, replaced
// by every run of that spec.
import path from 'node:path';
import type { Step } from '../../engine/actions/index.js';
import { MARKERS, markerPattern } from '../../engine/contract/markers.js';
import type { OpenapiPlan } from './answers.js';

/** The region's first and last lines for a spec. */
const bounds = (specName: string) => ({
  begin: `<!-- mcp-factory:openapi-toolsets:begin ${specName} -->`,
  end: `<!-- mcp-factory:openapi-toolsets:end ${specName} -->`,
});

/** Where a spec's tools come from and which of its security schemes the server applies. */
export function sourceSection(plan: Pick<OpenapiPlan, 'specKey' | 'schemes'>): string[] {
  return [
    `The tools above marked "from the OpenAPI spec" come from \`${plan.specKey}\` (\`npx plop openapi -- --spec <file>\` adds`,
    `more). Its security schemes: ${plan.schemes.length ? plan.schemes.join('; ') : 'none'}. One is applied (see Credentials`,
    'above); switch with `npx plop auth`.',
  ];
}

export function toolsetsSection(
  plan: Pick<OpenapiPlan, 'specName' | 'toolsetCounts' | 'toolMode' | 'prefix'>,
): string[] {
  const unit = plan.toolMode === 'dynamic' ? 'operation' : 'tool';
  const intro =
    plan.toolMode === 'dynamic'
      ? `The operations of \`${plan.specName}\` are served through three tools (\`search_operations\`, \`describe_operation\`, \`call_operation\`), grouped in toolsets:`
      : `The tools from \`${plan.specName}\` by toolset:`;
  return [
    intro,
    '',
    ...[...plan.toolsetCounts].map(([name, count]) => `- \`${name}\`: ${count} ${unit}${count === 1 ? '' : 's'}`),
    '',
    `\`${plan.prefix}_TOOLSETS=a,b\` serves only those toolsets (unset: all of them).`,
  ];
}

export const toolsetsReadme = (repo: string, plan: OpenapiPlan): Step => ({
  name: 'toolsetsReadme',
  async run({ tree }) {
    const file = path.join(repo, MARKERS['readme-tools'].file);
    const source = tree.read(file);
    if (source === undefined) return `${tree.show(file)}: no README, toolsets not listed`;
    const { begin, end } = bounds(plan.specName);
    const region = [begin, '', ...sourceSection(plan), '', ...toolsetsSection(plan), '', end];
    const lines = source.split('\n');
    const from = lines.indexOf(begin);
    const to = lines.indexOf(end, from);
    if (from >= 0 && to > from) lines.splice(from, to - from + 1, ...region);
    else {
      const marker = lines.findIndex((line) => markerPattern('readme-tools').test(line));
      if (marker < 0) return `${tree.show(file)}: no tool list marker, toolsets not listed`;
      lines.splice(marker + 1, 0, '', ...region, ...(lines[marker + 1]?.trim() ? [''] : []));
    }
    await tree.write(file, lines.join('\n'), false);
    return `${tree.show(file)}: ${plan.toolsetCounts.size} toolset(s) of ${plan.specName} listed`;
  },
});
