// HTTP mode's guards against a running server: DNS rebinding (Host/Origin), bearer auth with static
// tokens and with JWTs from a local JWKS (RFC 9728 metadata, 401 + WWW-Authenticate), the body
// limit, and no secret in any answer or log line.
import http from 'node:http';
import { describe, expect } from '@jest/globals';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey } from 'jose';
import { afterAll, beforeAll, it } from '../../../test/helpers/timeouts.js';
import { closeLocal, listenLocal } from '../helpers/localServer.js';
import { ENV_PREFIX } from './fixtures/app.js';
import { runToExit, startHttpServer, statusWithHost, type HttpServerProcess } from './harness.js';

const TOKEN = 'static-token-for-tests-0123456789';
const AUDIENCE = 'http://127.0.0.1/mcp';
const MAX_BODY = 4096;
let jwks: http.Server;
let issuer: string;
let signingKey: CryptoKey;
let otherKey: CryptoKey;
let server: HttpServerProcess;
const seen: string[] = []; // every body the tests received, checked for secrets at the end
const signedTokens: string[] = [];

const initialize = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'test', version: '1.0.0' } },
};

async function post(headers: Record<string, string>, body: unknown = initialize, url = server.url) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  seen.push(text, JSON.stringify([...response.headers]));
  return { status: response.status, headers: response.headers, text };
}

async function jwt(claims: { aud?: string; expiresIn?: string | number; key?: CryptoKey; iss?: string }) {
  const token = await new SignJWT({ scope: 'mcp' })
    .setProtectedHeader({ alg: 'RS256', kid: claims.key === otherKey ? 'other' : 'main' })
    .setIssuer(claims.iss ?? issuer)
    .setAudience(claims.aud ?? AUDIENCE)
    .setSubject('client-1')
    .setIssuedAt(Math.floor(Date.now() / 1000) - 120)
    .setExpirationTime(claims.expiresIn ?? '5m')
    .sign(claims.key ?? signingKey);
  signedTokens.push(token);
  return token;
}

beforeAll(async () => {
  const main = await generateKeyPair('RS256');
  const other = await generateKeyPair('RS256');
  signingKey = main.privateKey;
  otherKey = other.privateKey;
  const publicJwk = { ...(await exportJWK(main.publicKey)), kid: 'main', alg: 'RS256', use: 'sig' };
  jwks = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [publicJwk] }));
  });
  issuer = await listenLocal(jwks);
  server = await startHttpServer([], {
    [`${ENV_PREFIX}_HTTP_TOKENS`]: TOKEN,
    [`${ENV_PREFIX}_HTTP_JWKS_URL`]: `${issuer}/jwks`,
    [`${ENV_PREFIX}_HTTP_ISSUER`]: issuer,
    [`${ENV_PREFIX}_HTTP_AUDIENCE`]: AUDIENCE,
    [`${ENV_PREFIX}_HTTP_MAX_BODY_BYTES`]: String(MAX_BODY),
    [`${ENV_PREFIX}_LOG_LEVEL`]: 'debug',
  });
});

afterAll(async () => {
  await server?.kill();
  await closeLocal(jwks);
});

describe('DNS rebinding protection', () => {
  it('answers 403 to a foreign Host header', async () => {
    // Sent as a rebinding attacker's browser would send it (statusWithHost: fetch cannot set Host).
    const statusLine = await statusWithHost(server.origin, 'evil.example.com', {
      method: 'POST',
      path: '/mcp',
      headers: { authorization: `Bearer ${TOKEN}`, accept: 'application/json, text/event-stream' },
      body: JSON.stringify(initialize),
    });
    expect(statusLine).toBe('HTTP/1.1 403 Forbidden');
  });

  it('answers 403 to a foreign Origin header, and accepts a local one', async () => {
    expect((await post({ origin: 'https://evil.example.com', authorization: `Bearer ${TOKEN}` })).status).toBe(403);
    expect((await post({ origin: 'http://localhost:5173', authorization: `Bearer ${TOKEN}` })).status).toBe(200);
  });
});

describe('static bearer tokens', () => {
  it('answers 401 with a Bearer challenge without a token or with a wrong one', async () => {
    for (const headers of [
      {} as Record<string, string>,
      { authorization: 'Bearer wrong-token-0123456789abcdef' },
      { authorization: TOKEN },
    ]) {
      const response = await post(headers);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer /);
    }
  });

  it('serves a request with a configured token', async () => {
    const response = await post({ authorization: `Bearer ${TOKEN}` });
    expect(response.status).toBe(200);
    expect(response.text).toContain('"protocolVersion"');
  });
});

describe('OAuth 2.1 resource server (JWT + JWKS)', () => {
  it('publishes RFC 9728 metadata and points the challenge at it', async () => {
    const challenge = (await post({})).headers.get('www-authenticate') ?? '';
    const metadataUrl = /resource_metadata="([^"]+)"/.exec(challenge)?.[1];
    expect(metadataUrl).toBe(`${server.origin}/.well-known/oauth-protected-resource/mcp`);
    const document = await (await fetch(`${server.origin}/.well-known/oauth-protected-resource/mcp`)).json();
    expect(document).toEqual({
      resource: server.url,
      authorization_servers: [issuer],
      bearer_methods_supported: ['header'],
    });
  });

  it('serves a request with a valid token', async () => {
    const response = await post({ authorization: `Bearer ${await jwt({})}` });
    expect(response.status).toBe(200);
  });

  it.each([
    ['expired', () => jwt({ expiresIn: Math.floor(Date.now() / 1000) - 60 })],
    ['for another audience', () => jwt({ aud: 'https://other.example.com/mcp' })],
    ['from another issuer', () => jwt({ iss: 'https://idp.example.com' })],
    ['signed by an unknown key', () => jwt({ key: otherKey })],
  ])('answers 401 invalid_token to a token %s', async (_what, sign) => {
    const token = await sign();
    const response = await post({ authorization: `Bearer ${token}` });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer .*error="invalid_token"/);
    expect(response.headers.get('www-authenticate')).toContain('resource_metadata=');
  });
});

describe('limits', () => {
  it('answers 413 to a body over the limit', async () => {
    const big = JSON.stringify({ ...initialize, params: { ...initialize.params, padding: 'x'.repeat(MAX_BODY) } });
    const response = await post({ authorization: `Bearer ${TOKEN}` }, big);
    expect(response.status).toBe(413);
  });

  it('keeps /healthz and /readyz open to probes (no auth, any Host)', async () => {
    for (const path of ['/healthz', '/readyz']) {
      const response = await fetch(`${server.origin}${path}`, { headers: { host: '10.1.2.3:8080' } });
      expect(response.status).toBe(200);
    }
  });
});

describe('secrets', () => {
  it('never shows a token in an answer or a log line', () => {
    const secrets = [TOKEN, ...signedTokens];
    expect(signedTokens.length).toBeGreaterThan(3);
    const logs = server.stderr();
    expect(logs).toMatch(/POST \/mcp 401/); // requests were logged...
    for (const secret of secrets) {
      expect(logs).not.toContain(secret); // ...without their tokens
      for (const text of seen) expect(text).not.toContain(secret);
    }
  });

  it('refuses to listen beyond localhost without inbound auth: exit 1, one line', async () => {
    const { code, stderr } = await runToExit(['--http', '--host', '0.0.0.0', '--port', '0'], {});
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('refusing to listen on 0.0.0.0 without inbound auth');
  });
});
