// What the resource templates need, computed once from the plan: the request a URI maps to, and
// sample URIs with the exact upstream request each one must produce.
import { literal, q } from '../../engine/contract/literals.js';
import type { ResourcePlan } from './answers.js';

const JSON_TYPES = /^application\/([\w.+-]+\+)?json$/;

/** The URI with its variables filled (already percent-encoded values). */
const fillUri = (uri: string, values: Record<string, string>) => uri.replace(/\{(\w+)\}/g, (_, k: string) => values[k]);

export interface SampleRead {
  uri: string;
  /** Path + query string exactly as sent upstream. */
  upstream: string;
  path: string;
  query: Record<string, string>;
}

/** A read of `values` (decoded), with the URI a client sends and the upstream request it becomes. */
export function sampleRead(
  plan: Pick<ResourcePlan, 'uri' | 'path' | 'queryVariables'>,
  values: Record<string, string>,
): SampleRead {
  const encoded = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, encodeURIComponent(v)]));
  const search = new URLSearchParams();
  for (const v of plan.queryVariables) search.append(v, values[v]);
  const upstreamPath = plan.path.replace(/\{(\w+)\}/g, (_, k: string) => encoded[k]);
  const qs = search.toString();
  return {
    uri: fillUri(plan.uri, encoded),
    upstream: qs ? `${upstreamPath}?${qs}` : upstreamPath,
    path: upstreamPath,
    query: Object.fromEntries(search),
  };
}

export function resourceTemplateData(plan: ResourcePlan) {
  const [variable] = plan.variables;
  const plain = Object.fromEntries(plan.variables.map((v, i) => [v, i === 0 ? '42' : `${v}-${i + 1}`]));
  // Reserved characters in a variable: encoded by the client, decoded by the server, encoded again upstream.
  const awkward = variable ? { ...plain, [variable]: 'a b/42' } : undefined;
  const [before, after] = variable ? plan.uri.split(`{${variable}}`) : [plan.uri, ''];
  return {
    ...plan,
    q,
    literal,
    isJson: JSON_TYPES.test(plan.mimeType),
    readName: plan.variables.length > 0 ? 'vars' : '_vars',
    pathExpr:
      plan.pathVariables.length === 0
        ? q(plan.path)
        : `pathWith(${q(plan.path)}, { ${plan.pathVariables.map((v) => `${v}: vars.${v}`).join(', ')} })`,
    uriOf: variable ? `${q(before)} + encodeURIComponent(id)${after ? ` + ${q(after)}` : ''}` : q(plan.uri),
    listVariable: variable,
    plainRead: sampleRead(plan, plain),
    awkwardRead: awkward ? sampleRead(plan, awkward) : undefined,
    readmeLine: `\`${plan.uri}\`: ${plan.description} (\`GET ${plan.path}\`${plan.list ? `, listed from \`GET ${plan.listPath}\`` : ''})`,
  };
}

export type ResourceTemplateData = ReturnType<typeof resourceTemplateData>;
