// Dynamic tool mode (`--toolMode dynamic`): the operations become data, src/openapiCatalog.ts (each
// operation's request plan and input schema, as one JSON string parsed on first use), served by the
// runtime's three tools (@mcp-factory/runtime/openapi/dynamic; their files: files/dynamic). The generated unit test checks a deterministic sample of the
// operations, so its run stays short however large the spec.
import path from 'node:path';
import type { CatalogOperation } from '../../runtime/src/openapi/operation.js';
import { buildRequest } from '../../runtime/src/openapi/request.js';
import type { Step } from '../../engine/actions/index.js';
import { LiteralPrinter, tsString } from './literal.js';
import type { OperationPlan } from './operations.js';
import { configLine, expectedBody, sampleInput, sentUri } from './templateData.js';
import { toolsetOf } from './toolsets.js';

/** The catalog module, relative to the repo. */
export const CATALOG_FILE = 'src/openapiCatalog.ts';
/** At most this many operations are called by the generated unit test. */
export const SAMPLE_SIZE = 20;

export function catalogEntry(op: OperationPlan): CatalogOperation {
  const { readOnlyHint, destructiveHint, idempotentHint } = op.annotations;
  return {
    name: op.name,
    ...(op.operationId ? { operationId: op.operationId } : {}),
    toolset: toolsetOf(op),
    method: op.httpMethod,
    path: op.path,
    title: op.title,
    description: op.description,
    tags: op.tags,
    params: op.params,
    ...(op.bodyKey ? { bodyKey: op.bodyKey } : {}),
    ...(op.form ? { form: op.form } : {}),
    ...(op.contentType ? { contentType: op.contentType } : {}),
    inputSchema: { ...op.inputSchema, type: 'object' },
    annotations: { readOnlyHint, destructiveHint, idempotentHint },
  };
}

/** The catalog module's text, in prettier's layout (the JSON is one string: nothing for tsc to infer). */
export function catalogModule(specName: string, operations: readonly OperationPlan[]): string {
  const entries = operations.map(catalogEntry);
  const toolsets = [...new Set(entries.map((e) => e.toolset))];
  const printer = new LiteralPrinter();
  return [
    `// The ${entries.length} operations of ${specName} served in dynamic tool mode (src/tools/searchOperations.ts,`,
    "// describeOperation.ts, callOperation.ts): each operation's request plan and input JSON Schema, as one",
    '// JSON string parsed on first use. Written by `npx plop openapi -- --toolMode dynamic`; a later run of',
    '// the spec writes it again.',
    "import { operationCatalog } from '@mcp-factory/runtime/openapi/dynamic';",
    '',
    '/** The toolsets of the operations (`<PREFIX>_TOOLSETS` selects among them). */',
    printer.assignment('export const TOOLSETS: string[]', toolsets),
    '',
    '/** The operations (CatalogOperation[] of @mcp-factory/runtime/openapi/dynamic), as JSON. */',
    `export const CATALOG_JSON =\n  ${tsString(JSON.stringify(entries))};`,
    '',
    'export const catalog = operationCatalog(TOOLSETS, CATALOG_JSON);',
    '',
  ].join('\n');
}

/** Every `step`-th operation by name: the same sample for the same spec, spread over all of it. */
export function sampleOperations(operations: readonly OperationPlan[], size = SAMPLE_SIZE): OperationPlan[] {
  const sorted = [...operations].sort((a, b) => a.name.localeCompare(b.name));
  const step = Math.max(1, Math.ceil(sorted.length / size));
  return sorted.filter((_, i) => i % step === 0).slice(0, size);
}

/** What the dynamic mode's unit test needs: the sample's inputs and the exact requests they must become. */
export function dynamicTestData(operations: readonly OperationPlan[], prefix: string, specName: string) {
  const sample = sampleOperations(operations);
  const printer = new LiteralPrinter();
  const cases = sample.map((op) => {
    const input = sampleInput(op);
    const built = buildRequest(op.path, op.params, input);
    const sent = expectedBody(op, op.bodyKey ? input[op.bodyKey] : undefined);
    return {
      name: op.name,
      toolset: toolsetOf(op),
      title: op.title,
      method: op.httpMethod,
      path: op.path,
      keys: Object.keys(op.inputSchema.properties ?? {}),
      input,
      request: {
        uri: sentUri(built.path, built.query),
        headers: { ...built.headers, ...sent.headers },
        ...(op.bodyKey ? { body: sent.body } : {}),
      },
    };
  });
  // An operation with a required input: called without it, it must be refused.
  const needy = sample.find((op) => (op.inputSchema.required as string[] | undefined)?.length);
  return {
    specName,
    total: operations.length,
    prefix,
    config: configLine(prefix),
    cases: printer.assignment('const cases: Case[]', cases),
    needy: needy?.name,
    needyKey: (needy?.inputSchema.required as string[] | undefined)?.[0],
    needyMethod: needy?.httpMethod,
  };
}

/** The step that writes the catalog module (already in prettier's layout: no formatting pass over megabytes). */
export const writeCatalog = (repo: string, specName: string, operations: readonly OperationPlan[]): Step => ({
  name: 'writeCatalog',
  async run({ tree }) {
    const file = path.join(repo, CATALOG_FILE);
    await tree.write(file, catalogModule(specName, operations), false);
    return `${tree.show(file)}: the catalog of ${operations.length} operations`;
  },
});
