// The bare comparison servers' one tool, written once and embedded in both of them (stdio in
// servers.ts, Streamable HTTP in http.ts). It mirrors the generated `ping` tool (generators/server/presets/ping):
// the same listing (input and output schema, annotations) and the same result (a text line plus
// structured content that the SDK checks against the output schema), so both servers do the same MCP
// work per call. What it leaves out is what the benchmarks price: no retry, circuit breaker, timeouts,
// response size bound, result limit, stdout guard or inbound guards.
export const BARE_PING_TOOL = `
const baseUrl = process.env.BARE_BASE_URL ?? 'http://127.0.0.1:1';

function registerPing(server) {
  server.registerTool(
    'ping',
    {
      title: 'Ping bare',
      description: 'Check that the upstream API is reachable (calls its health path).',
      inputSchema: z.object({}),
      outputSchema: z.object({ ok: z.boolean(), url: z.string(), latencyMs: z.number(), body: z.string() }),
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    async () => {
      const started = Date.now();
      const url = baseUrl + '/health';
      const response = await fetch(url, { headers: { accept: 'application/json' } });
      const body = await response.text();
      if (!response.ok) throw new Error(url + ' answered ' + response.status);
      const latencyMs = Date.now() - started;
      return {
        content: [{ type: 'text', text: url + ' answered in ' + latencyMs + ' ms' }],
        structuredContent: { ok: true, url, latencyMs, body: body.slice(0, 500) },
      };
    },
  );
}
`;
