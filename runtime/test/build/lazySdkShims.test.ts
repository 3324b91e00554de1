// The build (mcp-factory-build) swaps the SDK's startup shim for a lazy one (bin/lazySdkShimsPlugin.mjs). Prove that
// the swap is safe: it applies, and the JSON Schema validator the SDK gets from it inside a bundle
// (used to check elicitation answers) still validates.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from '@jest/globals';
import { stop, type Plugin } from 'esbuild';
import { bundleProbe, PROBE_ROOT, runProbe } from './probeBundle.js';

const root = PROBE_ROOT;
const bin = path.resolve(import.meta.dirname, '../../bin');
const pluginFile = pathToFileURL(path.join(bin, 'lazySdkShimsPlugin.mjs')).href;

const probe = `
import { DefaultJsonSchemaValidator } from '@modelcontextprotocol/server/_shims';
const validate = new DefaultJsonSchemaValidator().getValidator({
  type: 'object', properties: { n: { type: 'integer' } }, required: ['n'],
});
console.log(JSON.stringify([validate({ n: 1 }), validate({})]));
`;

describe('the lazy SDK shim used by the build', () => {
  afterAll(() => stop()); // esbuild's service process would keep jest alive

  it('still exports what the SDK shim exports', async () => {
    const { lazyShimsMatchSdk } = (await import(pluginFile)) as { lazyShimsMatchSdk: () => Promise<boolean> };
    expect(await lazyShimsMatchSdk()).toBe(true);
  });

  it('gives the bundled SDK a working JSON Schema validator', async () => {
    const { lazySdkShims } = (await import(pluginFile)) as { lazySdkShims: Plugin };
    const { text, inputs } = await bundleProbe(probe, [lazySdkShims]);
    expect(inputs).toContain(path.relative(root, path.join(bin, 'lazySdkShims.mjs')));

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lazy-shims-'));
    try {
      const stdout = await runProbe(text, dir);
      const [valid, invalid] = JSON.parse(stdout) as Array<{ valid: boolean; errorMessage?: string }>;
      expect(valid.valid).toBe(true);
      expect(invalid.valid).toBe(false);
      expect(invalid.errorMessage).toMatch(/n/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
