// What `npx plop server -- --openapi <spec>` takes from a spec before asking its other questions:
// the base URL (servers[0], variables filled from their defaults) and the upstream auth (the scheme
// the spec's `security` names first, mapped onto the auth generator's schemes). Read synchronously
// (answers' defaults are computed in order); the full validation comes with the plan.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import { HTTP_TOKEN, type SchemeDefaults } from '../../engine/contract/presets.js';

export interface SpecFacts {
  baseUrl?: string;
  auth?: SchemeDefaults;
  /** `name: what` of every security scheme, the applied one first. */
  schemes: string[];
}

type Raw = {
  servers?: Array<{ url?: string; variables?: Record<string, { default?: string }> }>;
  security?: Array<Record<string, unknown>>;
  components?: { securitySchemes?: Record<string, Record<string, unknown>> };
};
type Swagger2 = Raw & {
  swagger?: string;
  host?: string;
  basePath?: string;
  schemes?: string[];
  securityDefinitions?: Record<string, Record<string, unknown>>;
};

const FLOWS: Record<string, string> = {
  application: 'clientCredentials',
  password: 'password',
  implicit: 'implicit',
  accessCode: 'authorizationCode',
};

/**
 * A Swagger 2.0 file's server and security schemes where OpenAPI 3 keeps them, as swagger2openapi
 * (spec.ts) converts them. Mapped here because these facts are read synchronously, before the
 * questions, and the converter is asynchronous; a test compares both on the Swagger fixture.
 */
function swagger2Facts(raw: Swagger2): Raw {
  const securitySchemes = Object.fromEntries(
    Object.entries(raw.securityDefinitions ?? {}).map(([name, def]) => {
      if (def.type === 'basic') return [name, { type: 'http', scheme: 'basic' }];
      if (def.type !== 'oauth2') return [name, def];
      const flow = { tokenUrl: def.tokenUrl, authorizationUrl: def.authorizationUrl, scopes: def.scopes ?? {} };
      return [name, { type: 'oauth2', flows: { [FLOWS[String(def.flow)] ?? String(def.flow)]: flow } }];
    }),
  );
  return {
    servers: raw.host ? [{ url: `${raw.schemes?.[0] ?? 'https'}://${raw.host}${raw.basePath ?? ''}` }] : [],
    security: raw.security,
    components: { securitySchemes },
  };
}

const cache = new Map<string, SpecFacts>();

/**
 * A token URL as the auth generator takes it (absolute): a relative one (`/token`, as real specs
 * write it) is resolved against the server URL, as OpenAPI 3.1 says; undefined without one.
 */
function absoluteUrl(url: string, server: string | undefined): string | undefined {
  if (URL.canParse(url)) return url;
  return server && URL.canParse(url, server) ? new URL(url, server).href : undefined;
}

function mapScheme(scheme: Record<string, unknown>, server?: string): SchemeDefaults | undefined {
  // A header name no HTTP client can send (rapidapi.com's `ADVICEment API Key`) maps to no scheme: `--auth` chooses one.
  if (scheme.type === 'apiKey' && scheme.in === 'header')
    return HTTP_TOKEN.test(String(scheme.name)) ? { scheme: 'header', headerName: String(scheme.name) } : undefined;
  if (scheme.type === 'apiKey' && scheme.in === 'query') return { scheme: 'query', queryParam: String(scheme.name) };
  if (scheme.type === 'http' && String(scheme.scheme).toLowerCase() === 'bearer') return { scheme: 'bearer' };
  if (scheme.type === 'http' && String(scheme.scheme).toLowerCase() === 'basic') return { scheme: 'basic' };
  const flow = (scheme.flows as Record<string, { tokenUrl?: string; scopes?: Record<string, string> }> | undefined)
    ?.clientCredentials;
  const tokenUrl = flow?.tokenUrl ? absoluteUrl(flow.tokenUrl, server) : undefined;
  if (scheme.type === 'oauth2' && tokenUrl) {
    // Only names a token request can carry (RFC 6749: printable ASCII, no space, quote or backslash); a spec's
    // blank or spaced scope key (velopayments.com: " ") is left out rather than refused.
    const scopes = Object.keys(flow?.scopes ?? {})
      .filter((scope) => /^[\x21-\x7e]+$/.test(scope) && !/["\\]/.test(scope))
      .join(' ');
    return { scheme: 'oauth2', tokenUrl, ...(scopes ? { scopes } : {}) };
  }
  return undefined;
}

const describeScheme = (s: Record<string, unknown>) =>
  s.type === 'apiKey'
    ? `API key in ${String(s.in)} ${String(s.name)}`
    : s.type === 'http'
      ? `HTTP ${String(s.scheme)}`
      : String(s.type);

/** JSON through JSON.parse (the YAML parser takes seconds on a large JSON spec such as GitHub's), else YAML. */
function parseSpecText(text: string): unknown {
  if (/^\s*\{/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      // not strict JSON: YAML may still read it
    }
  }
  // Required here, not with the factory: only a spec's facts need it (synchronously, like the answers' defaults).
  const { parse } = createRequire(import.meta.url)('yaml') as typeof Yaml;
  return parse(text);
}

/** The facts of a spec file; empty when it cannot be read (the plan then says why, in one line). */
export function specFacts(file: string): SpecFacts {
  const known = cache.get(file);
  if (known) return known;
  let raw: Raw = {};
  try {
    raw = (parseSpecText(fs.readFileSync(file, 'utf8')) ?? {}) as Raw;
    if ((raw as Swagger2).swagger) raw = swagger2Facts(raw as Swagger2);
  } catch {
    return { schemes: [] };
  }
  const server = raw.servers?.[0];
  let baseUrl: string | undefined;
  if (server?.url) {
    const filled = server.url.replace(/\{([^}]+)\}/g, (_, v: string) => server.variables?.[v]?.default ?? `{${v}}`);
    baseUrl = /^https?:\/\/[^{}]+$/.test(filled) ? filled.replace(/\/+$/, '') : undefined; // relative or unfilled: ask
  }
  const all = raw.components?.securitySchemes ?? {};
  const named = raw.security?.flatMap((requirement) => Object.keys(requirement)) ?? [];
  const order = [...new Set([...named, ...Object.keys(all)])].filter((name) => all[name]);
  const applied = order.find((name) => mapScheme(all[name], baseUrl));
  const facts: SpecFacts = {
    baseUrl,
    auth: applied ? mapScheme(all[applied], baseUrl) : order.length === 0 ? { scheme: 'none' } : undefined,
    schemes: [...(applied ? [applied] : []), ...order.filter((n) => n !== applied)].map(
      (name) => `${name}: ${describeScheme(all[name])}${name === applied ? ' (applied)' : ''}`,
    ),
  };
  cache.set(file, facts);
  return facts;
}
