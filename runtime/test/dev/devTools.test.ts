// The dev-reload tool registry of mcp-factory-dev (bin/devTools.mjs): a tool that registers nothing (an OpenAPI
// tool whose toolset <PREFIX>_TOOLSETS leaves out) is skipped, both at start and on a reload, instead of failing the dev server.
import { describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

interface FakeTool {
  name: string;
  register(server: { registerTool: (...args: unknown[]) => unknown }, deps: unknown): void;
}
interface DevTools {
  registerTools(server: unknown, tools: FakeTool[], deps: unknown): void;
  replaceTools(tools: FakeTool[]): boolean;
}

const tool = (name: string, enabled = true): FakeTool => ({
  name,
  register(server) {
    if (enabled) server.registerTool(name, { description: name }, () => ({ content: [] }));
  },
});

/** The SDK's McpServer as the registry uses it: sendToolListChanged is a method of the class (muted and restored). */
class FakeServer {
  readonly names = new Set<string>();
  notified = 0;
  registerTool(name: string) {
    this.names.add(name);
    return { remove: () => this.names.delete(name), update: () => undefined };
  }
  sendToolListChanged() {
    this.notified += 1;
  }
}

describe('npm run dev: the tool registry', () => {
  it('skips a tool that registers nothing, at start and on a reload', async () => {
    const url = pathToFileURL(path.resolve(import.meta.dirname, '../../bin/devTools.mjs')).href;
    const dev: DevTools = await import(url);
    const server = new FakeServer();
    dev.registerTools(server, [tool('kept'), tool('filtered', false)], {});
    expect([...server.names]).toEqual(['kept']);
    expect(dev.replaceTools([tool('kept'), tool('added'), tool('filtered', false)])).toBe(true);
    expect([...server.names].sort()).toEqual(['added', 'kept']);
    expect(server.notified).toBe(1);
  });

  it('still refuses something that is not a tool', async () => {
    const url = pathToFileURL(path.resolve(import.meta.dirname, '../../bin/devTools.mjs')).href;
    const dev: DevTools = await import(url);
    expect(() => dev.replaceTools([{ name: 'broken' } as FakeTool])).toThrow('broken has no register function');
  });
});
