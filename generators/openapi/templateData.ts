// What the openapi templates need for one operation: the input schema and parameter list as
// literals, and a sample input with the exact request it must produce (path, query string, headers,
// body), computed with the same request builder the generated server runs.
import { buildRequest } from '../../templates/openapi/runtime/src/openapi.js';
import { literal, q } from '../method/templateData.js';
import type { OperationPlan } from './operations.js';
import { sampleOf } from './sample.js';
import type { Schema } from './spec.js';

/** The path and query string exactly as the generated client sends them (URLSearchParams). */
function sentUri(path: string, query: Record<string, unknown>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : [value]) search.append(key, String(item));
  }
  const qs = search.toString();
  return qs ? `${path}?${qs}` : path;
}

export function sampleInput(op: OperationPlan): Record<string, unknown> {
  const props = (op.inputSchema.properties ?? {}) as Record<string, Schema>;
  const input: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(props)) {
    const value = sampleOf(schema, key);
    if (value !== undefined) input[key] = value;
  }
  return input;
}

export function operationTemplateData(op: OperationPlan, prefix: string) {
  const input = sampleInput(op);
  const built = buildRequest(op.path, op.params, input);
  return {
    ...op,
    prefix,
    q,
    literal,
    schemaJson: JSON.stringify(op.inputSchema),
    paramsJson: JSON.stringify(op.params),
    annotationsLiteral: literal(op.annotations),
    sample: {
      input,
      inputJson: JSON.stringify(input),
      uri: sentUri(built.path, built.query),
      path: built.path,
      headers: built.headers,
      body: op.bodyKey ? input[op.bodyKey] : undefined,
    },
    readmeLine: `${op.description} (\`${op.httpMethod} ${op.path}\`, from the OpenAPI spec)`,
  };
}

export type OperationTemplateData = ReturnType<typeof operationTemplateData>;
