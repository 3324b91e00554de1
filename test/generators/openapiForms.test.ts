// Operations whose request body is only a form (urlencoded or multipart) become tools that send it as
// the spec says, with a unit test that expects the exact body; an enum whose values are arrays (zod
// compares enum values by identity: no input would pass) is documented instead of checked.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import nodePlop from 'node-plop';
import * as z from 'zod';
import { catalogEntry } from '../../generators/openapi/dynamic.js';
import { FILE_INPUT_NOTE, FILE_INPUT_PATTERN } from '../../generators/openapi/files.js';
import { selectOperations } from '../../generators/openapi/operations.js';
import { loadSpec } from '../../generators/openapi/spec.js';
import { operationTemplateData } from '../../generators/openapi/templateData.js';
import { FACTORY_ROOT } from '../helpers/fsSnapshot.js';
import { generateServer } from '../helpers/generatedRepo.js';

const forms = path.join(FACTORY_ROOT, 'test/fixtures/openapi/forms.yaml');
let repo: string;
const read = (file: string) => fs.readFileSync(path.join(repo, file), 'utf8');
const plans = async () =>
  selectOperations(await loadSpec(forms), { include: [], exclude: [], taken: new Set() }).operations;
async function planOf(name: string) {
  const op = (await plans()).find((o) => o.name === name);
  if (!op) throw new Error(`no operation ${name} in forms.yaml`);
  return op;
}

beforeAll(async () => {
  repo = await generateServer({ name: 'forms', preset: 'rest', baseUrl: 'https://api.example.com' });
  const plop = await nodePlop(path.join(FACTORY_ROOT, 'plopfile.ts'), { destBasePath: repo, force: false });
  const { failures } = await plop.getGenerator('openapi').runActions({ spec: forms });
  expect(failures).toEqual([]);
});

describe('form request bodies', () => {
  it('plans a tool for each form operation, with how its fields are sent', async () => {
    const byName = new Map((await plans()).map((op) => [op.name, op]));
    expect(byName.get('create_token')).toMatchObject({
      bodyKey: 'body',
      form: { type: 'urlencoded', encoding: { metadata: { style: 'deepObject', explode: true } } },
      inputSchema: { required: ['body'] },
    });
    expect(byName.get('upload_note')).toMatchObject({ bodyKey: 'body', form: { type: 'multipart' } });
    expect(byName.get('search_jobs')?.form).toBeUndefined();
    expect(catalogEntry(await planOf('upload_note')).form).toEqual({ type: 'multipart' });
  });

  it('writes a urlencoded tool that sends its body through formBody, and a test expecting the exact text', () => {
    const tool = read('src/tools/createToken.ts');
    expect(tool).toContain(
      "const form: FormSpec = { type: 'urlencoded', encoding: { metadata: { style: 'deepObject', explode: true } } };",
    );
    expect(tool).toContain("      body: formBody(values['body'], form),\n");
    expect(tool).toMatch(/ {2}formBody,\n[\s\S]*\} from '@mcp-factory\/runtime\/openapi';/);
    const test = read('test/unit/openapi/createToken.ts');
    expect(test).toContain("headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },");
    expect(test).toContain(
      "body: 'grant_type=client_credentials&scope=scope1+a%2Fb&scope=scope2+a%2Fb&metadata%5Bteam%5D=team+a%2Fb',",
    );
    expect(test).toContain('seen.body = text || undefined; // the urlencoded form, as sent');
  });

  it('writes a multipart tool whose test reads the parts back from the exact body', () => {
    expect(read('src/tools/uploadNote.ts')).toContain("const form: FormSpec = { type: 'multipart' };");
    const test = read('test/unit/openapi/uploadNote.ts');
    expect(test).toContain(
      "body: [\n    ['title', 'title a/b'],\n    ['tags', 'tags1 a/b'],\n    ['tags', 'tags2 a/b'],\n    ['meta', '{\"pages\":1}'],\n  ],",
    );
    expect(test).toContain('[...(await new Response(bytes, { headers: type }).formData())]');
  });

  it('plans `format: binary` properties as file parts, with the content type the encoding gives', async () => {
    const op = await planOf('upload_file');
    expect(op.form).toEqual({ type: 'multipart', files: { file: { contentType: 'image/png' }, pages: {} } });
    const body = (op.inputSchema.properties as Record<string, z.core.JSONSchema.ObjectSchema>).body;
    const file = body.properties?.file as z.core.JSONSchema.StringSchema;
    expect(file).toMatchObject({ type: 'string', format: 'binary', pattern: FILE_INPUT_PATTERN });
    expect(file.description).toBe(`The scan. ${FILE_INPUT_NOTE}`);
    expect(body.properties?.pages).toMatchObject({ items: { pattern: FILE_INPUT_PATTERN } });
    // The input schema takes a data URL or base64, and refuses anything else before a request is made.
    const check = (value: unknown) =>
      z
        .fromJSONSchema(op.inputSchema as Parameters<typeof z.fromJSONSchema>[0])
        .safeParse({ folder: 'a', body: { file: value } }).success;
    expect([
      check('data:image/png;name=a.png;base64,iVBORw0KGgo='),
      check('iVBO Rw0K\nGgo='),
      check('data:,hi'),
    ]).toEqual([true, true, true]);
    expect([check('not a file!'), check(3)]).toEqual([false, false]);
  });

  it('writes a test that expects each file part with its file name, content type and bytes', () => {
    expect(read('src/tools/uploadFile.ts')).toContain(
      "const form: FormSpec = { type: 'multipart', files: { file: { contentType: 'image/png' }, pages: {} } };",
    );
    const test = read('test/unit/openapi/uploadFile.ts');
    expect(test).toContain(
      "const sample = { folder: 'folder a/b', body: { caption: 'caption a/b', file: 'c2FtcGxl', pages: ['c2FtcGxl'] } };",
    );
    expect(test).toContain(
      [
        '  body: [',
        "    ['caption', 'caption a/b'],",
        "    ['file', { filename: 'file', type: 'image/png', base64: 'c2FtcGxl' }],",
        "    ['pages', { filename: 'pages', type: 'application/octet-stream', base64: 'c2FtcGxl' }],",
        '  ],',
      ].join('\n'),
    );
    expect(test).toContain("base64: Buffer.from(await value.arrayBuffer()).toString('base64')");
  });

  it('leaves JSON bodies as they were', () => {
    const tool = read('src/tools/searchJobs.ts');
    expect(tool).toContain("      body: values['body'],\n");
    expect(tool).not.toContain('formBody');
    expect(read('test/unit/openapi/searchJobs.ts')).toContain('seen.body = text ? JSON.parse(text) : undefined;');
  });
});

describe('an enum whose values are arrays', () => {
  it('is documented, not checked, and the sample input passes the input schema', async () => {
    const op = await planOf('search_jobs');
    const body = (op.inputSchema.properties as Record<string, { properties: Record<string, object> }>).body;
    expect(body.properties.jobTypes).toEqual({
      type: 'integer',
      description: 'ID values for types of job. One of (not checked here): [1], [2]. Default: [1].',
    });
    expect(body.properties.region).toEqual({ type: 'string', enum: ['north', 'south'] });
    const { sample } = operationTemplateData(op, 'FORMS');
    const schema = z.fromJSONSchema(op.inputSchema as Parameters<typeof z.fromJSONSchema>[0]);
    expect(schema.safeParse(sample.input).success).toBe(true);
  });
});
