// Reading an OpenAPI document for `npx plop openapi`: a local YAML or JSON file, validated and with
// every $ref resolved by a maintained parser (@readme/openapi-parser). Remote $refs are refused
// before anything is resolved: generation never touches the network.
import fs from 'node:fs';
import path from 'node:path';
import { dereference, parse, validate } from '@readme/openapi-parser';

export type Schema = Record<string, unknown>;
export interface OpenApiDocument {
  openapi?: string;
  swagger?: string;
  servers?: Array<{ url: string; variables?: Record<string, { default: string }> }>;
  paths?: Record<string, Record<string, unknown>>;
  components?: Record<string, unknown>;
}

/** Every `$ref` value in a parsed document, with where it is. */
function* refs(node: unknown, at = '#'): Generator<[string, string]> {
  if (Array.isArray(node)) for (const [i, item] of node.entries()) yield* refs(item, `${at}/${i}`);
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') yield [value, at];
      else yield* refs(value, `${at}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    }
  }
}

/** Loads, checks and dereferences the spec; throws one clear line. */
/** `shown` is the path as the user gave it, for messages. */
export async function loadSpec(abs: string, file = abs): Promise<OpenApiDocument> {
  if (!fs.existsSync(abs)) throw new Error(`--spec ${file}: no such file`);
  let raw: OpenApiDocument;
  try {
    raw = (await parse(abs)) as OpenApiDocument;
  } catch (error) {
    throw new Error(`--spec ${file} cannot be read as YAML or JSON: ${firstLine(error)}`);
  }
  let external = false;
  for (const [ref, at] of refs(raw)) {
    if (!ref.startsWith('#')) external = true;
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(ref)) {
      throw new Error(
        `--spec ${file}: remote $ref "${ref}" at ${at} (generation never uses the network: download it and refer to the local file)`,
      );
    }
  }
  if (raw.swagger) {
    throw new Error(
      `--spec ${file} is Swagger ${raw.swagger}: convert it to OpenAPI 3 first (e.g. with swagger2openapi)`,
    );
  }
  // One read: validate and dereference copies of the parsed document (both change what they get);
  // a spec split over local files is read from its path, so relative $refs resolve beside it.
  const source = () => (external ? abs : (structuredClone(raw) as never));
  const result = await validate(source());
  if (!result.valid) {
    const more = result.additionalErrors ? ` (and ${result.additionalErrors} more)` : '';
    throw new Error(
      `--spec ${file} is not a valid OpenAPI document: ${result.errors.map((e) => firstLine(e.message)).join('; ')}${more}`,
    );
  }
  // Cycles stay as $refs here; the schema conversion replaces them with an open schema.
  return (await dereference(source(), { dereference: { circular: 'ignore' } })) as OpenApiDocument;
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n').find((l) => l.trim()) ?? text;
}
