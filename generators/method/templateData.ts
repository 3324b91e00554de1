// Everything the method templates need, computed once from the validated plan: the zod schema
// lines, the request mapping, and sample calls with the exact request each one must produce.
import { literal, q } from '../../engine/contract/literals.js';
import { hintDefaults, type MethodPlan, type Param } from './answers.js';

export function zodOf(param: Param): string {
  const base = {
    string: param.inPath ? 'z.string().min(1)' : 'z.string()',
    number: 'z.number()',
    integer: 'z.number().int()',
    boolean: 'z.boolean()',
    'string[]': 'z.array(z.string())',
  }[param.type];
  return `${base}${param.optional ? '.optional()' : ''}${param.description ? `.describe(${q(param.description)})` : ''}`;
}

/** The JSON Schema type the MCP client sees for each param type. */
const jsonType = {
  string: 'string',
  number: 'number',
  integer: 'integer',
  boolean: 'boolean',
  'string[]': 'array',
} as const;

function sample(param: Param, index: number): unknown {
  switch (param.type) {
    case 'string':
      return param.inPath ? '42' : `${param.name} ${index + 1}`;
    case 'integer':
      return param.inPath ? 42 : 3;
    case 'number':
      return 2.5;
    case 'boolean':
      return true;
    case 'string[]':
      return ['a', 'b'];
  }
}

const fillPath = (template: string, args: Record<string, unknown>) =>
  template.replace(/\{(\w+)\}/g, (_, key: string) => encodeURIComponent(String(args[key])));

export interface SampleCall {
  args: Record<string, unknown>;
  /** Path + query string exactly as sent. */
  uri: string;
  path: string;
  /** The query as a server parses it (last value wins, as in the fake upstream). */
  query: Record<string, string>;
  body?: Record<string, unknown>;
}

export function sampleCall(plan: MethodPlan, args: Record<string, unknown>): SampleCall {
  const usesQuery = plan.httpMethod === 'GET' || plan.httpMethod === 'DELETE';
  const extra = plan.params.filter((p) => !p.inPath && args[p.name] !== undefined);
  const search = new URLSearchParams();
  if (usesQuery) {
    for (const p of extra) for (const item of [args[p.name]].flat()) search.append(p.name, String(item));
  }
  const filled = fillPath(plan.path, args);
  const qs = search.toString();
  const withBody = !usesQuery && plan.params.some((p) => !p.inPath);
  return {
    args,
    uri: qs ? `${filled}?${qs}` : filled,
    path: filled,
    query: Object.fromEntries(search),
    body: withBody ? Object.fromEntries(extra.map((p) => [p.name, args[p.name]])) : undefined,
  };
}

export function methodTemplateData(plan: MethodPlan) {
  const { params } = plan;
  const usesQuery = plan.httpMethod === 'GET' || plan.httpMethod === 'DELETE';
  const pathParams = params.filter((p) => p.inPath);
  const extra = params.filter((p) => !p.inPath);
  const full = Object.fromEntries(params.map((p, i) => [p.name, sample(p, i)]));
  const required = Object.fromEntries(
    params.filter((p) => !p.optional).map((p) => [p.name, sample(p, params.indexOf(p))]),
  );
  const encodedParam = pathParams.find((p) => p.type === 'string');
  const pathExpr =
    pathParams.length === 0
      ? q(plan.path)
      : `pathWith(${q(plan.path)}, { ${pathParams.map((p) => `${p.name}: input.${p.name}`).join(', ')} })`;
  const hints = Object.entries(plan.annotations)
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ');
  return {
    ...plan,
    q,
    literal,
    schemaLines: params.map((p) => `${p.name}: ${zodOf(p)},`),
    pathParams,
    extra,
    usesQuery,
    pathExpr,
    annotationsLiteral: `{ ${hints} }`,
    // The generated client treats a method as idempotent exactly as the hint's default does: say so only when the hint differs.
    idempotentOverride:
      plan.annotations.idempotentHint === hintDefaults.idempotentHint(plan.httpMethod)
        ? undefined
        : plan.annotations.idempotentHint,
    inputName: params.length > 0 ? 'input' : '_input',
    fullCall: sampleCall(plan, full),
    requiredCall: sampleCall(plan, required),
    hasOptional: params.some((p) => p.optional),
    hasRequired: params.some((p) => !p.optional),
    encodedCall: encodedParam ? sampleCall(plan, { ...required, [encodedParam.name]: 'a b/42' }) : undefined,
    listed: {
      properties: params.map((p) => p.name),
      required: params.filter((p) => !p.optional).map((p) => p.name),
      types: Object.fromEntries(params.map((p) => [p.name, jsonType[p.type]])),
    },
    readmeLine: `${plan.description} (\`${plan.httpMethod} ${plan.path}\`${
      params.length ? `: ${params.map((p) => `\`${p.name}${p.optional ? '?' : ''}\``).join(', ')}` : ', no input'
    })`,
  };
}

export type MethodTemplateData = ReturnType<typeof methodTemplateData>;
