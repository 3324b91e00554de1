// How the transport classifies a bad message: which id to echo, why it is invalid, and one fix-up of
// an SDK error code. Kept apart from the stream handling in exactStdio.ts.
export type Id = string | number;
export type Msg = Record<string, unknown>;

export const isObject = (v: unknown): v is Msg => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isId = (v: unknown): v is Id => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));

/** Picks the id to echo and a short reason. Only a request's id is echoed: a response's id belongs to our own id space. */
export function diagnose(value: unknown): { id: Id | null; reason: string } {
  if (!isObject(value)) return { id: null, reason: 'expected a JSON-RPC object' };
  const responseShaped = !('method' in value) && ('result' in value || 'error' in value);
  const reason =
    value.jsonrpc !== '2.0'
      ? 'jsonrpc must be "2.0"'
      : responseShaped
        ? 'malformed response'
        : !('method' in value)
          ? 'missing method'
          : typeof value.method !== 'string'
            ? 'method must be a string'
            : 'id' in value && !(typeof value.id === 'string' || Number.isInteger(value.id))
              ? 'id must be a string or integer'
              : 'params' in value && !isObject(value.params)
                ? 'params must be an object'
                : 'unexpected member or malformed params/_meta';
  return { id: !responseShaped && isId(value.id) ? value.id : null, reason };
}

/**
 * SDK quirk: a non-tools/call request failing the SDK's own params schema (initialize without
 * protocolVersion, tools/list with cursor 5) is answered -32603 with the ZodError dump as message;
 * JSON-RPC wants -32602. Only the code changes, and only if every issue path starts at "params".
 */
export function fixParamsCode(message: Msg): Msg {
  const error = message.error;
  if (!isObject(error) || error.code !== -32603 || !String(error.message).startsWith('[')) return message;
  let issues: unknown;
  try {
    issues = JSON.parse(String(error.message));
  } catch {
    return message;
  }
  const fromParams =
    Array.isArray(issues) &&
    issues.length > 0 &&
    issues.every((i) => isObject(i) && Array.isArray(i.path) && i.path[0] === 'params');
  return fromParams ? { ...message, error: { ...error, code: -32602 } } : message;
}
