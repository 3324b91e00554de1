// Checking a server's server.json against a JSON Schema (cli/schemas/server.schema.json) with ajv.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { ServerInfo } from './discover.js';

// ajv-formats is CommonJS: under Node's ESM loader its function is the module's `default`.
type AddFormats = (ajv: Ajv) => Ajv;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ??
  addFormatsModule) as unknown as AddFormats;

const SCHEMA = path.join(path.dirname(fileURLToPath(import.meta.url)), 'schemas', 'server.schema.json');

let validator: ReturnType<Ajv['compile']> | undefined;
function validatorOf(): ReturnType<Ajv['compile']> {
  if (!validator) {
    const ajv = new Ajv({ allErrors: false, strict: false });
    addFormats(ajv);
    validator = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA, 'utf8')));
  }
  return validator;
}

/** undefined when valid, else one line saying what is wrong and where. */
export function checkServerJson(server: ServerInfo): string | undefined {
  const file = path.join(server.path, 'server.json');
  let doc: unknown;
  try {
    doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    return `server.json: ${(error as Error).message.split('\n')[0]}`;
  }
  const validate = validatorOf();
  if (!validate(doc)) {
    const error = validate.errors![0]!;
    return `server.json${error.instancePath ? ` ${error.instancePath}` : ''} ${error.message ?? 'is invalid'}`;
  }
  // The registry accepts an npm package only when its mcpName is the server.json name.
  const name = (doc as { name: string }).name;
  if (name !== server.mcpName)
    return `server.json name "${name}" differs from package.json mcpName "${server.mcpName}"`;
  return undefined;
}
