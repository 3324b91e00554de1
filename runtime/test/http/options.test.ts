// HTTP mode's settings: secure defaults, and one-line refusals for what would be unsafe or wrong.
import { describe, expect, it } from '@jest/globals';
import { httpRequested } from '../../src/http/mode.js';
import { HttpOptionsError, loadHttpOptions as loadWithPrefix } from '../../src/http/options.js';
import { redact } from '../../src/secrets.js';

const ENV_PREFIX = 'TEST';
const loadHttpOptions = (argv: readonly string[], env: NodeJS.ProcessEnv) => loadWithPrefix(ENV_PREFIX, argv, env);

const argv = (...flags: string[]) => ['node', 'dist/index.js', '--http', ...flags];
const env = (vars: Record<string, string>) =>
  Object.fromEntries(Object.entries(vars).map(([k, v]) => [`${ENV_PREFIX}_${k}`, v]));
const TOKEN = 'a-static-token-of-32-characters!!';

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(HttpOptionsError);
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error('expected a refusal');
}

describe('transport mode', () => {
  it('is stdio unless --http or <PREFIX>_TRANSPORT=http', () => {
    expect(httpRequested(ENV_PREFIX, ['node', 'x'], {})).toBe(false);
    expect(httpRequested(ENV_PREFIX, ['node', 'x', '--http'], {})).toBe(true);
    expect(httpRequested(ENV_PREFIX, ['node', 'x'], env({ TRANSPORT: 'HTTP' }))).toBe(true);
    expect(httpRequested(ENV_PREFIX, ['node', 'x'], env({ TRANSPORT: 'stdio' }))).toBe(false);
    expect(httpRequested(ENV_PREFIX, ['node', 'x'], { OTHER_TRANSPORT: 'http' })).toBe(false);
  });
});

describe('loadHttpOptions', () => {
  it('defaults to stateless on 127.0.0.1:3000 with loopback hosts only and no auth', () => {
    const o = loadHttpOptions(argv(), {});
    expect(o).toMatchObject({ host: '127.0.0.1', port: 3000, stateful: false, tokens: [], jwt: undefined });
    expect(o.publicUrl.href).toBe('http://127.0.0.1:3000/mcp');
    expect(o.allowedHosts.sort()).toEqual(['127.0.0.1', '[::1]', 'localhost']);
  });

  it('takes flags over the environment', () => {
    const o = loadHttpOptions(argv('--port', '8080', '--stateful'), {
      PORT: '9000',
      ...env({ HTTP_STATEFUL: 'false' }),
    });
    expect(o.port).toBe(8080);
    expect(o.stateful).toBe(true);
    expect(loadHttpOptions(argv(), { PORT: '9000' }).port).toBe(9000);
  });

  it('refuses to listen beyond localhost without inbound auth', () => {
    const message = refusal(() => loadHttpOptions(argv('--host', '0.0.0.0'), {}));
    expect(message).toBe(
      `refusing to listen on 0.0.0.0 without inbound auth: set ${ENV_PREFIX}_HTTP_TOKENS or ${ENV_PREFIX}_HTTP_JWKS_URL/_ISSUER/_AUDIENCE`,
    );
    expect(message).not.toContain('\n');
  });

  it('listens beyond localhost with tokens, and keeps Host validation to the configured names', () => {
    const o = loadHttpOptions(
      argv('--host', '0.0.0.0'),
      env({ HTTP_TOKENS: TOKEN, HTTP_ALLOWED_HOSTS: 'mcp.example.com' }),
    );
    expect(o.allowedHosts).toContain('mcp.example.com');
    expect(o.allowedHosts).not.toContain('0.0.0.0');
    expect(o.tokens).toEqual([TOKEN]);
  });

  it('registers tokens as secrets, so no log line can show them', () => {
    loadHttpOptions(argv(), env({ HTTP_TOKENS: `${TOKEN}, another-token-0123456789` }));
    expect(redact(`got ${TOKEN} and another-token-0123456789`)).toBe('got [redacted] and [redacted]');
  });

  it('reads the request-state key as a secret, and refuses one shorter than 32 bytes', () => {
    const key = 'k'.repeat(40);
    expect(loadHttpOptions(argv(), env({ HTTP_REQUEST_STATE_KEY: key })).requestStateKey).toBe(key);
    expect(redact(`key ${key}`)).toBe('key [redacted]');
    expect(loadHttpOptions(argv(), env({})).requestStateKey).toBeUndefined();
    expect(refusal(() => loadHttpOptions(argv(), env({ HTTP_REQUEST_STATE_KEY: 'short' })))).toBe(
      `${ENV_PREFIX}_HTTP_REQUEST_STATE_KEY needs at least 32 bytes (e.g. openssl rand -base64 48)`,
    );
  });

  it('refuses short tokens, partial OAuth settings and bad numbers, naming the variable or flag', () => {
    expect(refusal(() => loadHttpOptions(argv(), env({ HTTP_TOKENS: 'short' })))).toBe(
      `${ENV_PREFIX}_HTTP_TOKENS: every token needs at least 16 characters`,
    );
    expect(refusal(() => loadHttpOptions(argv(), env({ HTTP_JWKS_URL: 'https://idp.example.com/jwks' })))).toContain(
      `${ENV_PREFIX}_HTTP_ISSUER`,
    );
    expect(refusal(() => loadHttpOptions(argv('--port', 'abc'), {}))).toMatch(/^invalid --port: /);
    expect(refusal(() => loadHttpOptions(argv(), env({ HTTP_MAX_BODY_BYTES: '-1' })))).toMatch(
      new RegExp(`^invalid ${ENV_PREFIX}_HTTP_MAX_BODY_BYTES: `),
    );
    expect(refusal(() => loadHttpOptions(argv('--bogus'), {}))).toMatch(/bogus/);
  });

  it('accepts OAuth settings and publishes the public URL as the protected resource', () => {
    const o = loadHttpOptions(
      argv(),
      env({
        HTTP_JWKS_URL: 'https://idp.example.com/jwks',
        HTTP_ISSUER: 'https://idp.example.com',
        HTTP_AUDIENCE: 'https://mcp.example.com/mcp',
        HTTP_PUBLIC_URL: 'https://mcp.example.com/mcp',
      }),
    );
    expect(o.jwt?.audience).toBe('https://mcp.example.com/mcp');
    expect(o.allowedHosts).toContain('mcp.example.com');
  });
});
