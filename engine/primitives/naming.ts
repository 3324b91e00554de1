// Names derived from an MCP tool name (snake_case): file and export in camelCase, per the SDK's conventions.
export function camelCase(snake: string): string {
  return snake.replace(/[_-]([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

export function toolNames(tool: string) {
  const camel = camelCase(tool);
  return { toolName: tool, toolVar: camel, toolFile: camel };
}
