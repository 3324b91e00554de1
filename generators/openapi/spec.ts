// Reading an OpenAPI document for `npx plop openapi`: a local YAML or JSON file, validated and with
// every $ref resolved by a maintained parser (@readme/openapi-parser). Remote $refs are refused
// before anything is resolved: generation never touches the network. Swagger 2.0 is converted to
// OpenAPI 3.0 first by swagger2openapi (the converter most tools use), without fetching anything.
import fs from 'node:fs';
import { invalidPointers } from './pointers.js';
import { z } from 'zod';

/*
 * The parser and the converter (with the ajv they load, ~160 ms of a process's start) are imported when a spec is
 * read, not when the factory is: every `npx plop` and every update replay loads the factory, and most never read
 * a spec.
 */
const parser = () => import('@readme/openapi-parser');

export type Schema = Record<string, unknown>;
export interface OpenApiDocument {
  openapi?: string;
  swagger?: string;
  servers?: Array<{ url: string; variables?: Record<string, { default: string }> }>;
  paths?: Record<string, Record<string, unknown>>;
  components?: Record<string, unknown>;
}

/** A document as the parser types it (OpenAPI 2.0, 3.0 or 3.1). */
type ParsedDocument = Awaited<ReturnType<typeof import('@readme/openapi-parser').parse>>;

// The parts of a parsed document the generator reads, checked once at the parser's edge (the parser's own types
// describe each OpenAPI version in full; the generator reads a few fields of any of them, as JSON).
const documentView = z.looseObject({
  openapi: z.string().optional(),
  swagger: z.string().optional(),
  servers: z
    .array(
      z.looseObject({ url: z.string(), variables: z.record(z.string(), z.object({ default: z.string() })).optional() }),
    )
    .optional(),
  paths: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
  components: z.record(z.string(), z.unknown()).optional(),
});

/** The generator's view of a parsed (or converted) document; one line when its top level is not OpenAPI's. */
function viewOf(doc: object, file: string): OpenApiDocument {
  const view = documentView.safeParse(doc);
  if (!view.success) {
    const issue = view.error.issues[0];
    throw new Error(
      `--spec ${file} is not a valid OpenAPI document: ${issue.path.join('.') || 'its top level'}: ${issue.message}`,
    );
  }
  return view.data;
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

/** The parser's message for a `$ref` whose target is not in the document; group 1 is the target. */
const MISSING_REF = /Missing \$ref pointer "([^"]+)"/;

/** Where `doc` uses the `$ref` targets the parser's errors say are missing (JSON pointers, in document order). */
function missingRefs(doc: object, errors: ReadonlyArray<{ message: string }>): string[] {
  const targets = new Set(errors.flatMap((e) => MISSING_REF.exec(e.message)?.[1] ?? []));
  return targets.size ? [...refs(doc)].filter(([ref]) => targets.has(ref)).map(([, at]) => at) : [];
}

/** Loads, checks and dereferences the spec; throws one clear line. */
/** `shown` is the path as the user gave it, for messages. */
export async function loadSpec(abs: string, file = abs): Promise<OpenApiDocument> {
  if (!fs.existsSync(abs)) throw new Error(`--spec ${file}: no such file`);
  const { bundle, dereference, parse, validate } = await parser();
  let raw: ParsedDocument;
  try {
    raw = await parse(abs);
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
  if ('swagger' in raw) {
    raw = await fromSwagger2(raw, abs, file, external);
    external = false; // the converter has read the local files a $ref names
  }
  const parsed = raw;
  // One read: validate and dereference copies of the parsed document (both change what they get);
  // a spec split over local files is read from its path, so relative $refs resolve beside it.
  const source = (): ParsedDocument | string => (external ? abs : structuredClone(parsed));
  const result = await validate(source());
  if (!result.valid) {
    // The parser's messages (it validates the dereferenced document, so one mistake in a shared
    // schema can repeat), then where the mistakes are in the file as written, as JSON pointers.
    const messages = [...new Set(result.errors.map((e) => firstLine(e.message)))];
    const more = result.additionalErrors ? ` (and ${result.additionalErrors} more)` : '';
    // The document as written (not viewed: an invalid one may not have the shape the generator reads).
    const written = external ? await bundle(abs) : raw;
    const missing = missingRefs(written, result.errors);
    // A missing $ref target is not a schema error: the places that use it are where to look. The
    // schemas run again only for the other mistakes (their pointers would be noise beside these).
    const schemaErrors = result.errors.some((e) => !MISSING_REF.test(e.message));
    const all = [...new Set([...missing, ...(schemaErrors || !missing.length ? await invalidPointers(written) : [])])];
    const at = all.filter((p) => !all.some((q) => p.startsWith(`${q}/`))); // the outermost of a branch
    const where = at.length
      ? ` at ${at.slice(0, 3).join(', ')}${at.length > 3 ? ` and ${at.length - 3} more` : ''}`
      : '';
    throw new Error(`--spec ${file} is not a valid OpenAPI document: ${messages.join('; ')}${more}${where}`);
  }
  // Cycles stay as $refs here; the schema conversion replaces them with an open schema.
  return viewOf(await dereference(source(), { dereference: { circular: 'ignore' } }), file);
}

/**
 * The spec as one self-contained text, for the copy a run keeps in the repo (specCopy.ts): the file
 * as it is, or, when it refers to other local files, the bundle of all of them (JSON, which YAML
 * readers read too), so the copy alone renders the same tools.
 */
export async function specSnapshot(abs: string): Promise<string> {
  const text = fs.readFileSync(abs, 'utf8');
  // Parsed again only when some $ref may name another file (a large spec parses in tens of ms).
  if (!/\$ref['"]?\s*:\s*['"]?[^#'"\s]/.test(text)) return text;
  const { bundle, parse } = await parser();
  const external = [...refs(await parse(abs))].some(([ref]) => !ref.startsWith('#'));
  return external ? `${JSON.stringify(await bundle(abs), null, 2)}\n` : text;
}

/** Swagger 2.0 → OpenAPI 3.0 (swagger2openapi; `patch` fixes the small mistakes common in 2.0 files). */
async function fromSwagger2(
  raw: Extract<ParsedDocument, { swagger: string }>,
  abs: string,
  file: string,
  external: boolean,
): Promise<ParsedDocument> {
  if (raw.swagger !== '2.0') throw new Error(`--spec ${file} is Swagger ${raw.swagger}: only 2.0 can be converted`);
  try {
    const { convertObj } = await import('swagger2openapi');
    const converted = await convertObj(structuredClone(raw), {
      patch: true,
      warnOnly: true,
      resolve: external, // local files only: remote $refs were refused above
      source: abs,
      text: fs.readFileSync(abs, 'utf8'),
    });
    return converted.openapi;
  } catch (error) {
    throw new Error(`--spec ${file} is Swagger 2.0 and could not be converted to OpenAPI 3: ${firstLine(error)}`);
  }
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n').find((l) => l.trim()) ?? text;
}
