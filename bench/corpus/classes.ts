// The seed of the corpus sample and the names of the failure classes the report counts.

/**
 * Which specs the corpus test and `npm run bench:corpus` draw: change it from time to time (a new
 * sample of real specs), never to pick specs by hand.
 */
export const CORPUS_SEED = 20261206;

/**
 * The generator's correct refusals: the spec itself is not one it can read (invalid for the
 * OpenAPI schemas, remote $refs, not YAML/JSON, a Swagger other than 2.0). Counted apart from the
 * failures; a valid spec the generator cannot make tools of is a failure, not a refusal.
 */
export const REFUSED = 'spec refused: ';

/** Failure classes: the first pattern matching a stage's one-line reason names it. */
const CLASSES: Array<[stage: string, pattern: RegExp, name: string]> = [
  ['generate', /missing --baseUrl/, 'no servers (needs --baseUrl)'],
  [
    'generate',
    /not a valid OpenAPI document|cannot be read as YAML or JSON|only 2\.0 can be converted/,
    `${REFUSED}invalid`,
  ],
  ['generate', /remote \$ref/, `${REFUSED}remote $ref`],
  ['generate', /no operation to add/, 'no operation with a JSON, form (or no) body'],
  ['generate', /EMFILE/, 'too many files written at once'],
  ['generate', /--tokenUrl must be/, 'OAuth token URL refused'],
  ['generate', /Unsupported type/, 'a schema type zod cannot read'],
  ['typecheck', /TS2590|TS2589/, 'typecheck: type too complex'],
  ['tests', /timeoutAbort|client\.test\.ts: .*(slow|deadline|time)/i, 'runtime timeout test'],
  ['tests', /auth\.test\.ts/, 'auth test'],
  // The tool test's call returned an error result: the tool refused the sample input.
  ['tests', /invalid arguments for|toBeUndefined\(\) \/ Received: true/, 'sample input rejected by the tool'],
  ['tests', /matches the spec as structuredContent/, 'matching response not returned'],
  ['tests', /to(Be|Equal)\(expected\)/, 'request differs from the expected one'],
];

export function failureClass(stage: string, reason: string): string {
  const known = CLASSES.find(([s, pattern]) => s === stage && pattern.test(reason));
  return known ? known[2] : `${stage}: other`;
}
