// The result of a tool `npx plop openapi` wrote for an operation whose spec describes its JSON
// response: the response as text (for every client) and as structuredContent `{ result }` when it
// matches the spec. A response that does not match is the upstream's answer all the same: it is
// returned as text with `{}` as structuredContent (its output schema's `result` is optional, so the
// SDK and clients accept it) and one warning line on stderr, never turned into a failure.
import type { CallToolResult } from '@modelcontextprotocol/server';
import type * as z from 'zod';
import { log } from '../log.js';

/** How the tool `tool` turns an upstream answer (`data`, and `text` its JSON) into its result. */
export function structuredResult(
  tool: string,
  outputSchema: z.ZodObject,
): (text: string, data: unknown, maxChars: number) => CallToolResult {
  return (text, data, maxChars) => {
    const content: CallToolResult['content'] = [{ type: 'text', text }];
    // No body (204), or one over the result limit: the text alone, cut to the limit as any text result
    // is (structured data over the limit would be refused whole: ../resultLimit.ts).
    if (data === undefined || text.length > maxChars) return { content, structuredContent: {} };
    const checked = outputSchema.safeParse({ result: data });
    if (checked.success) return { content, structuredContent: { result: data } };
    const issue = checked.error.issues[0];
    const where = issue?.path.slice(1).join('.') || 'response';
    log.warn(
      `${tool}: the upstream response does not match the spec (${where}: ${issue?.message ?? 'invalid'}); returned as text only`,
    );
    return { content, structuredContent: {} };
  };
}
