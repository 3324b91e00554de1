// A fast check of one spec without a generated repo: every operation's sample input (what its
// generated unit test sends) is accepted by the tool's own input schema, as the generated server
// builds it (zod's fromJSONSchema). Used by the corpus report to name the failing properties.
import * as z from 'zod';
import { selectOperations } from '../../generators/openapi/operations.js';
import { loadSpec } from '../../generators/openapi/spec.js';
import { sampleInput } from '../../generators/openapi/templateData.js';

/** `tool: message` for each operation whose sample its input schema rejects. */
export async function rejectedSamples(file: string): Promise<string[]> {
  const doc = await loadSpec(file);
  const { operations } = selectOperations(doc, { include: [], exclude: [], taken: new Set() });
  const out: string[] = [];
  for (const op of operations) {
    const schema = z.fromJSONSchema(op.inputSchema as Parameters<typeof z.fromJSONSchema>[0]);
    const input = sampleInput(op);
    const result = schema.safeParse(input);
    if (!result.success) {
      const issue = result.error.issues[0];
      out.push(
        `${op.name}: ${issue.path.join('.')}: ${issue.message} (sent ${JSON.stringify(issue.path.reduce<unknown>((v, k) => (v as Record<PropertyKey, unknown>)?.[k], input))?.slice(0, 80)})`,
      );
    }
  }
  return out;
}
