// What `npx plop server -- --openapi <spec>` takes from a spec before asking its other questions:
// the base URL (servers[0], variables filled from their defaults) and the upstream auth (the scheme
// the spec's `security` names first, mapped onto the auth generator's schemes). Read synchronously
// (answers' defaults are computed in order); the full validation comes with the plan.
import fs from 'node:fs';
import { parse } from 'yaml';
import type { SchemeDefaults } from '../auth/schemes.js';

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

const cache = new Map<string, SpecFacts>();

function mapScheme(scheme: Record<string, unknown>): SchemeDefaults | undefined {
  if (scheme.type === 'apiKey' && scheme.in === 'header') return { scheme: 'header', headerName: String(scheme.name) };
  if (scheme.type === 'apiKey' && scheme.in === 'query') return { scheme: 'query', queryParam: String(scheme.name) };
  if (scheme.type === 'http' && String(scheme.scheme).toLowerCase() === 'bearer') return { scheme: 'bearer' };
  if (scheme.type === 'http' && String(scheme.scheme).toLowerCase() === 'basic') return { scheme: 'basic' };
  const flow = (scheme.flows as Record<string, { tokenUrl?: string; scopes?: Record<string, string> }> | undefined)
    ?.clientCredentials;
  if (scheme.type === 'oauth2' && flow?.tokenUrl) {
    const scopes = Object.keys(flow.scopes ?? {}).join(' ');
    return { scheme: 'oauth2', tokenUrl: flow.tokenUrl, ...(scopes ? { scopes } : {}) };
  }
  return undefined;
}

const describeScheme = (s: Record<string, unknown>) =>
  s.type === 'apiKey'
    ? `API key in ${String(s.in)} ${String(s.name)}`
    : s.type === 'http'
      ? `HTTP ${String(s.scheme)}`
      : String(s.type);

/** The facts of a spec file; empty when it cannot be read (the plan then says why, in one line). */
export function specFacts(file: string): SpecFacts {
  const known = cache.get(file);
  if (known) return known;
  let raw: Raw = {};
  try {
    raw = (parse(fs.readFileSync(file, 'utf8')) ?? {}) as Raw;
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
  const applied = order.find((name) => mapScheme(all[name]));
  const facts: SpecFacts = {
    baseUrl,
    auth: applied ? mapScheme(all[applied]) : order.length === 0 ? { scheme: 'none' } : undefined,
    schemes: [...(applied ? [applied] : []), ...order.filter((n) => n !== applied)].map(
      (name) => `${name}: ${describeScheme(all[name])}${name === applied ? ' (applied)' : ''}`,
    ),
  };
  cache.set(file, facts);
  return facts;
}
