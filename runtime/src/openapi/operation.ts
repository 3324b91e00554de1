// One operation of an OpenAPI spec as data: what its tool would be (name, request plan, input schema).
// The dynamic tool mode's catalog (a server's src/openapiCatalog.ts) is a list of them; `npx plop
// openapi` writes it with this very type.
import type { FormSpec } from './form.js';
import type { ParamSpec } from './request.js';

export interface CatalogOperation {
  name: string;
  operationId?: string;
  /** Its first tag, else its path's first segment (`<PREFIX>_TOOLSETS` selects by it). */
  toolset: string;
  method: 'GET' | 'PUT' | 'POST' | 'DELETE' | 'PATCH';
  path: string;
  title: string;
  description: string;
  tags: string[];
  params: ParamSpec[];
  /** The input key of the body, when there is one. */
  bodyKey?: string;
  /** A form body (the spec has no JSON one): how the body input becomes its fields. */
  form?: FormSpec;
  /** A text body (the spec offers it only as this media type, e.g. application/jwt): the string, sent as it is. */
  contentType?: string;
  /** The input's JSON Schema (z.fromJSONSchema builds its validator on first use). */
  inputSchema: { type: 'object'; [keyword: string]: unknown };
  annotations: { readOnlyHint: boolean; destructiveHint: boolean; idempotentHint: boolean };
}
