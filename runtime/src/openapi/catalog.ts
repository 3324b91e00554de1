// Dynamic tool mode (`npx plop openapi -- --toolMode dynamic`): a large spec's operations are a
// catalog (the server's src/openapiCatalog.ts: one JSON string, parsed on first use) served through
// three tools (./dynamic.ts) instead of one tool per operation: search ranks operations by the words
// of their name, summary, description, tags and path; describe gives one operation's input JSON
// Schema, method and path; call validates the input against that schema and sends the request
// through the same request builder (./request.ts) and upstream client as a tool per operation would.
// `envPrefix` (the server's config.envPrefix) names the `<PREFIX>_TOOLSETS` variable that narrows them.
import type { CallToolResult } from '@modelcontextprotocol/server';
import type * as z from 'zod';
import type { ToolContext } from '../defineTool.js';
import { formBody } from './form.js';
import type { CatalogOperation } from './operation.js';
import { buildRequest } from './request.js';
import { lazyInputSchema } from './schema.js';
import { declareToolsets, toolsetEnabled } from './toolsets.js';

/** The words a text is searched by: split at case changes and punctuation, lowercase, plurals folded. */
export function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .map((w) =>
      w.length > 4 && w.endsWith('ies') ? `${w.slice(0, -3)}y` : w.length > 3 && /[^s]s$/.test(w) ? w.slice(0, -1) : w,
    );
}

/** How much a word found in each part of an operation counts. */
const WEIGHTS = { name: 3, title: 3, tags: 2, path: 1.5, description: 1 } as const;

interface Indexed {
  op: CatalogOperation;
  /** Each word of the operation with the weight of the best part it is in. */
  weights: Map<string, number>;
}

interface Index {
  all: Indexed[];
  byName: Map<string, Indexed>;
  idf: Map<string, number>;
}

/** The operations parsed and indexed for search. */
function indexOperations(json: string): Index {
  const ops = JSON.parse(json) as CatalogOperation[];
  const all = ops.map((op) => {
    const weights = new Map<string, number>();
    const parts: Array<[keyof typeof WEIGHTS, string]> = [
      ['name', `${op.name} ${op.operationId ?? ''}`],
      ['title', op.title],
      ['tags', `${op.tags.join(' ')} ${op.toolset}`],
      ['path', op.path.replace(/\{[^}]*\}/g, ' ')],
      ['description', op.description],
    ];
    for (const [part, text] of parts)
      for (const word of words(text)) weights.set(word, Math.max(weights.get(word) ?? 0, WEIGHTS[part]));
    return { op, weights };
  });
  const counts = new Map<string, number>();
  for (const { weights } of all) for (const word of weights.keys()) counts.set(word, (counts.get(word) ?? 0) + 1);
  const idf = new Map([...counts].map(([word, n]) => [word, Math.log(1 + all.length / n)]));
  return { all, byName: new Map(all.map((entry) => [entry.op.name, entry])), idf };
}

export interface SearchPage {
  total: number;
  operations: Array<Pick<CatalogOperation, 'name' | 'title' | 'method' | 'path' | 'toolset'>>;
  /** The offset of the next page, when there is one. */
  next?: number;
}

export interface SearchOptions {
  toolset?: string;
  offset?: number;
  limit?: number;
}

/** Edit distance, for naming the closest operations to a wrong name. */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    const next = [i];
    for (let j = 1; j <= b.length; j += 1)
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length];
}

export const isOperation = (found: CatalogOperation | CallToolResult): found is CatalogOperation =>
  'inputSchema' in found;

/** One operation as describe_operation tells it. */
export const describeOperation = (op: CatalogOperation) => ({
  name: op.name,
  ...(op.operationId ? { operationId: op.operationId } : {}),
  method: op.method,
  path: op.path,
  toolset: op.toolset,
  title: op.title,
  description: op.description,
  annotations: op.annotations,
  inputSchema: op.inputSchema,
});

export interface OperationCatalog {
  /** Operations ranked by how well their words match the query's (rarer words count more), one page of them. */
  search(query: string, options: SearchOptions, envPrefix: string): SearchPage;
  /** The toolsets served, with their operation counts. */
  servedToolsets(envPrefix: string): Map<string, number>;
  /** The served operation of this name, or an isError result naming the closest ones. */
  find(name: string, envPrefix: string): CatalogOperation | CallToolResult;
  /** Validates the input against the operation's schema and sends its request: what the operation's own tool would do. */
  call(op: CatalogOperation, input: unknown, context: ToolContext): Promise<CallToolResult>;
}

/**
 * The catalog of a server's operations: `json` (CatalogOperation[] as JSON) is parsed and indexed on first
 * use (a server that is never asked pays nothing); `toolsets` are theirs, known from the start.
 */
export function operationCatalog(toolsets: readonly string[], json: string): OperationCatalog {
  declareToolsets(toolsets);
  let indexed: Index | undefined;
  const catalog = () => (indexed ??= indexOperations(json));
  const schemas = new Map<string, z.ZodObject>();

  /** The operations of the enabled toolsets (`<PREFIX>_TOOLSETS`), optionally of one toolset. */
  const served = (envPrefix: string, toolset?: string) =>
    catalog().all.filter(
      ({ op }) => toolsetEnabled(op.toolset, envPrefix) && (toolset === undefined || op.toolset === toolset),
    );

  return {
    search(query, { toolset, offset = 0, limit = 10 }, envPrefix) {
      const { idf } = catalog();
      const wanted = [...new Set(words(query))];
      const ranked = served(envPrefix, toolset)
        .map(({ op, weights }) => {
          let score = 0;
          let found = 0;
          for (const word of wanted) {
            const weight = weights.get(word);
            if (weight === undefined) continue;
            score += weight * (idf.get(word) ?? 0);
            found += 1;
          }
          // Operations that have every word of the query first.
          return { op, score: found ? score * (found / wanted.length) ** 2 : 0 };
        })
        .filter((r) => r.score > 0)
        .sort((a, b) => b.score - a.score || a.op.name.localeCompare(b.op.name));
      const page = ranked.slice(offset, offset + limit);
      return {
        total: ranked.length,
        operations: page.map(({ op }) => ({
          name: op.name,
          title: op.title,
          method: op.method,
          path: op.path,
          toolset: op.toolset,
        })),
        ...(offset + limit < ranked.length ? { next: offset + limit } : {}),
      };
    },

    servedToolsets(envPrefix) {
      const counts = new Map<string, number>();
      for (const { op } of served(envPrefix)) counts.set(op.toolset, (counts.get(op.toolset) ?? 0) + 1);
      return counts;
    },

    find(name, envPrefix) {
      const entry = catalog().byName.get(name);
      if (entry && toolsetEnabled(entry.op.toolset, envPrefix)) return entry.op;
      const closest = served(envPrefix)
        .map(({ op }) => ({ name: op.name, d: distance(name, op.name) }))
        .sort((a, b) => a.d - b.d || a.name.localeCompare(b.name))
        .slice(0, 3)
        .map((c) => c.name);
      const why = entry
        ? `is in toolset ${entry.op.toolset}, which is not enabled`
        : 'is not an operation of this server';
      const text = `${JSON.stringify(name)} ${why}; closest: ${closest.join(', ') || 'none'} (search_operations finds operations by words)`;
      return { isError: true, content: [{ type: 'text', text }] };
    },

    async call(op, input, { upstream, signal }) {
      const schema = schemas.get(op.name) ?? lazyInputSchema(op.inputSchema);
      schemas.set(op.name, schema);
      const parsed = schema.safeParse(input ?? {});
      if (!parsed.success) {
        const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ');
        return { isError: true, content: [{ type: 'text', text: `invalid arguments for ${op.name}: ${problems}` }] };
      }
      const values = parsed.data as Record<string, unknown>;
      const request = buildRequest(op.path, op.params, values);
      const data = await upstream.request({
        method: op.method,
        ...request,
        ...(op.bodyKey ? { body: op.form ? formBody(values[op.bodyKey], op.form) : values[op.bodyKey] } : {}),
        ...(op.bodyKey && op.contentType ? { contentType: op.contentType } : {}),
        signal,
      });
      const text = data === undefined ? `${op.method} ${request.path} succeeded (no content)` : JSON.stringify(data);
      return { content: [{ type: 'text', text }] };
    },
  };
}
