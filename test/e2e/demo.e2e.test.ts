// `npm run demo`, the README's main command, as a newcomer runs it: it must end with the tool's answer.
import { describe, expect } from '@jest/globals';
import { $ } from 'zx';
import { FACTORY_ROOT, tempDir } from '../helpers/fsSnapshot.js';
import { it } from '../helpers/timeouts.js';

describe('npm run demo', () => {
  it('generates, installs, builds and calls the tool through the MCP client', async () => {
    const out = await $({
      cwd: FACTORY_ROOT,
      quiet: true,
      nothrow: true,
      env: { ...process.env, NODE_OPTIONS: '' },
    })`npm run demo -- --dir ${tempDir('mcp-factory-demo-test-')}`;
    if (out.exitCode !== 0) process.stderr.write(out.stdout + out.stderr);
    expect(out.exitCode).toBe(0);
    for (const stepTitle of [
      'generate a perplexity server',
      'npm install',
      'npm run build',
      'fake upstream',
      'official MCP client',
      'call `ask`',
    ]) {
      expect(out.stdout).toMatch(new RegExp(`✔ \\d\\. .*${stepTitle.replace(/[.*`]/g, '\\$&')}`));
    }
    expect(out.stdout).toContain('Answer:\n  MCP is an open protocol that connects AI apps to tools and data.');
    expect(out.stdout).toContain('[1] https://modelcontextprotocol.io/');
  }, 180_000);

  it('refuses an unknown preset with one line', async () => {
    const out = await $({
      cwd: FACTORY_ROOT,
      quiet: true,
      nothrow: true,
      env: { ...process.env, NODE_OPTIONS: '' },
    })`npm run -s demo -- --preset soap --dir ${tempDir()}`;
    expect(out.exitCode).toBe(1);
    expect(out.stderr.trim()).toBe('demo failed: --preset must be one of perplexity, gemini, openai, rest, got "soap"');
  }, 60_000);
});
