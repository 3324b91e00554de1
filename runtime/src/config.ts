// What the runtime reads from a server's config. A generated server's src/config.ts builds its `Config`
// from environment variables and adds what only it knows (its auth scheme's settings, a default model):
// it extends RuntimeConfig and merges itself into ServerConfig, so tools see the whole of it.

export interface RuntimeConfig {
  /** The prefix of every variable this server reads (`<PREFIX>_BASE_URL`), named in messages. */
  envPrefix: string;
  apiName: string;
  /** What a 401/403 means for this server's auth scheme, and what to do. */
  authRejected: { what: string; fix: string };
  baseUrl: string;
  timeouts: { attemptMs: number; deadlineMs: number };
  retry: { maxAttempts: number; initialDelayMs: number; maxDelayMs: number; retryAfterMaxMs: number };
  breaker: { threshold: number; cooldownMs: number };
  /** Clients that send a progressToken get notifications/progress this often during a long call. */
  progressIntervalMs: number;
  stdio: { maxInFlight: number; maxLineBytes: number; maxMessageBytes: number };
  /** How much of an upstream answer is read, and how much of a tool result reaches the model. */
  limits: { maxResponseBytes: number; maxResultChars: number };
}

/**
 * The config tools and resources get. A server adds its own fields with
 * `declare module '@mcp-factory/runtime/config' { interface ServerConfig extends Config {} }`.
 */
export interface ServerConfig extends RuntimeConfig {}

export class ConfigError extends Error {}

/**
 * A value a client's config left unfilled: `${VAR}` (Claude Code passes an unset `${VAR}` as it is), `$VAR`, or a
 * `<set VAR>` / `<your key>` placeholder of a config template. Sent upstream it would only be rejected.
 */
const PLACEHOLDER = /^(?:\$\{[^}]*\}|\$[A-Z_][A-Z0-9_]*|<[^<>]*>)$/;

export const isPlaceholder = (value: string): boolean => PLACEHOLDER.test(value.trim());

/**
 * `env` as a server reads it: a variable that holds a placeholder reads as unset, and the first read of it
 * warns once, naming the variable (never a value). A Proxy, so it covers whatever variables src/auth.ts reads.
 */
export function withoutPlaceholders(env: NodeJS.ProcessEnv, warn: (message: string) => void): NodeJS.ProcessEnv {
  const warned = new Set<string>();
  const placeholder = (target: NodeJS.ProcessEnv, name: string | symbol): name is string => {
    const value: unknown = Reflect.get(target, name);
    return typeof name === 'string' && typeof value === 'string' && isPlaceholder(value);
  };
  return new Proxy(env, {
    get(target, name) {
      if (!placeholder(target, name)) return Reflect.get(target, name);
      if (!warned.has(name)) {
        warned.add(name);
        warn(
          `${name} holds a placeholder, not a value: treated as unset (give it a value in the client's config, or leave it out)`,
        );
      }
      return undefined;
    },
    has: (target, name) => !placeholder(target, name) && Reflect.has(target, name),
  });
}
