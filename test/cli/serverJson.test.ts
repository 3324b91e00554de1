// doctor's server.json check: the schema (cli/schemas/server.schema.json) through ajv, and the
// server.json name that must be the package's mcpName.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { readServer } from '../../cli/discover.js';
import { checkServerJson } from '../../cli/serverJson.js';
import { writeFakeServer } from '../helpers/factoryCli.js';
import { tempDir } from '../helpers/fsSnapshot.js';

const valid = {
  name: 'io.github.test/notes-mcp',
  description: 'Notes',
  version: '1.0.0',
  packages: [
    {
      registryType: 'npm',
      identifier: 'notes-mcp',
      transport: { type: 'stdio' },
      environmentVariables: [{ name: 'NOTES_API_KEY', isSecret: true }],
    },
  ],
};

function check(serverJson: unknown): string | undefined {
  const dir = writeFakeServer(path.join(tempDir(), 'notes-mcp'), { name: 'notes-mcp' });
  fs.writeFileSync(
    path.join(dir, 'server.json'),
    typeof serverJson === 'string' ? serverJson : JSON.stringify(serverJson),
  );
  return checkServerJson(readServer(dir, 'path')!);
}

describe('server.json check', () => {
  it('accepts a valid one', () => {
    expect(check(valid)).toBeUndefined();
  });

  it('names what is wrong, and where', () => {
    expect(check({ ...valid, name: 'notes' })).toBe(
      'server.json /name must match pattern "^[a-zA-Z0-9.-]+/[a-zA-Z0-9._-]+$"',
    );
    expect(check({ ...valid, version: undefined })).toBe("server.json must have required property 'version'");
    expect(check({ ...valid, packages: [{ ...valid.packages[0], transport: { type: 'pigeon' } }] })).toBe(
      'server.json /packages/0/transport/type must be equal to one of the allowed values',
    );
    expect(check({ ...valid, packages: [{ ...valid.packages[0], environmentVariables: [{ isSecret: true }] }] })).toBe(
      "server.json /packages/0/environmentVariables/0 must have required property 'name'",
    );
    expect(check('{ nope')).toMatch(/^server\.json: /);
  });

  it('requires the server.json name to be the package mcpName', () => {
    expect(check({ ...valid, name: 'io.github.other/notes-mcp' })).toBe(
      'server.json name "io.github.other/notes-mcp" differs from package.json mcpName "io.github.test/notes-mcp"',
    );
  });
});
