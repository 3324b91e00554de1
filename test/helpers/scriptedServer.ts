// A tiny MCP server for CLI tests: a dist/index.js that answers initialize, tools/list, prompts/list and
// prompts/get over stdio from a fixed description. Hand-written JSON-RPC (a few lines) because it runs
// from a temp folder, where no SDK package resolves, and the factory does not depend on the server SDK.
import fs from 'node:fs';
import path from 'node:path';

export interface ScriptedPrompt {
  name: string;
  description?: string;
  arguments?: Array<{ name: string; description?: string; required?: boolean }>;
  /** The message; `{{arg}}` is replaced by the argument's value at prompts/get. */
  text: string;
  /** prompts/get answers this -32602 error instead (a prompt that checks its arguments). */
  refuses?: string;
}

export interface ScriptedServer {
  tools?: Array<{ name: string; description?: string }>;
  prompts?: ScriptedPrompt[];
}

/** Writes `dir`/dist/index.js serving `spec` (the folder must hold a package.json whose bin points there). */
export function writeScriptedServer(dir: string, spec: ScriptedServer): void {
  const source = `const spec = ${JSON.stringify(spec)};
const tools = (spec.tools ?? []).map((t) => ({ ...t, inputSchema: { type: 'object', properties: {} } }));
const prompts = spec.prompts ?? [];
const reply = (id, result) => process.stdout.write(JSON.stringify({ jsonrpc: '2.0', id, result }) + '\\n');
const fail = (id, code, message) => process.stdout.write(JSON.stringify({ jsonrpc: '2.0', id, error: { code, message } }) + '\\n');
let buffer = '';
process.stdin.on('data', (chunk) => {
  buffer += chunk;
  let end;
  while ((end = buffer.indexOf('\\n')) >= 0) {
    const line = buffer.slice(0, end);
    buffer = buffer.slice(end + 1);
    if (!line.trim()) continue;
    const { id, method, params } = JSON.parse(line);
    if (id === undefined) continue;
    if (method === 'initialize')
      reply(id, {
        protocolVersion: params.protocolVersion,
        capabilities: { tools: {}, ...(prompts.length ? { prompts: {} } : {}) },
        serverInfo: { name: 'scripted', version: '1.0.0' },
      });
    else if (method === 'tools/list') reply(id, { tools });
    else if (method === 'prompts/list') reply(id, { prompts: prompts.map(({ text, refuses, ...p }) => p) });
    else if (method === 'prompts/get') {
      const prompt = prompts.find((p) => p.name === params.name);
      if (!prompt) fail(id, -32602, 'unknown prompt ' + params.name);
      else if (prompt.refuses) fail(id, -32602, prompt.refuses);
      else {
        const text = prompt.text.replace(/{{(\\w+)}}/g, (_, name) => (params.arguments ?? {})[name] ?? '');
        reply(id, { messages: [{ role: 'user', content: { type: 'text', text } }] });
      }
    } else fail(id, -32601, 'method not found: ' + method);
  }
});
`;
  fs.mkdirSync(path.join(dir, 'dist'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'dist', 'index.js'), source);
}
