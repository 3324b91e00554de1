// The server's card (MCP Server Cards, SEP-2127; schema v1 of the modelcontextprotocol
// experimental-ext-server-card repository): who the server is and where to connect, readable before
// connecting. Built once from the facts of the server's server.json (name, version, description and
// the optional title, websiteUrl, repository) and the endpoint this process serves; never a tool list
// (the format leaves primitives to the protocol's list calls) nor anything from the environment beyond
// the public URL. Public like any well-known document: no auth, GET/HEAD only, cacheable, CORS open.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/server';

export const SERVER_CARD_SCHEMA = 'https://static.modelcontextprotocol.io/schemas/v1/server-card.schema.json';
export const SERVER_CARD_MEDIA_TYPE = 'application/mcp-server-card+json';
/** Where discovery by domain looks (SEP-2127's well-known URI). */
export const SERVER_CARD_WELL_KNOWN_PATH = '/.well-known/mcp/server-card.json';
/** The location the extension reserves next to the MCP endpoint: `<streamable-http-url>/server-card`. */
export const serverCardPath = (mcpPath: string): string => `${mcpPath}/server-card`;

/**
 * The revisions after the 2025 era that the SDK's handler answers `server/discover` with: the SDK exports only
 * the 2025-era list (SUPPORTED_PROTOCOL_VERSIONS). runtime/test/http/serverCard.test.ts checks this against a
 * live server/discover.
 */
export const MODERN_PROTOCOL_VERSIONS: readonly string[] = ['2026-07-28'];

/** The fields of a server.json a card carries (a whole server.json may be given: only these are read). */
export interface ServerCardFacts {
  /** Reverse-DNS with one slash, e.g. io.github.acme/weather (server.json's `name`). */
  name: string;
  version: string;
  description: string;
  title?: string;
  websiteUrl?: string;
  repository?: { url: string; source: string; id?: string; subfolder?: string };
}

export interface ServerCard extends ServerCardFacts {
  $schema: string;
  remotes: Array<{ type: 'streamable-http'; url: string; supportedProtocolVersions: string[] }>;
}

export function buildServerCard(facts: ServerCardFacts, endpoint: URL): ServerCard {
  const { name, version, description, title, websiteUrl, repository } = facts;
  return {
    $schema: SERVER_CARD_SCHEMA,
    name,
    version,
    description,
    ...(title !== undefined && { title }),
    ...(websiteUrl !== undefined && { websiteUrl }),
    ...(repository !== undefined && { repository }),
    remotes: [
      {
        type: 'streamable-http',
        url: endpoint.href,
        supportedProtocolVersions: [...MODERN_PROTOCOL_VERSIONS, ...SUPPORTED_PROTOCOL_VERSIONS],
      },
    ],
  };
}

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET',
  'access-control-allow-headers': 'Content-Type, If-None-Match',
  'access-control-expose-headers': 'ETag',
};

/** Answers a request for the card: the document (or 304 for a matching If-None-Match), a CORS preflight, or 405. */
export function serverCardResponder(card: ServerCard): (req: IncomingMessage, res: ServerResponse) => void {
  const body = JSON.stringify(card);
  const etag = `"${createHash('sha256').update(body).digest('base64url')}"`;
  return (req, res) => {
    if (req.method === 'OPTIONS') return void res.writeHead(204, CORS).end();
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return void res.writeHead(405, { allow: 'GET, HEAD, OPTIONS', ...CORS }).end();
    }
    const headers = { ...CORS, 'cache-control': 'public, max-age=3600', etag };
    const matches = req.headers['if-none-match']?.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*');
    if (matches) return void res.writeHead(304, headers).end();
    res.writeHead(200, { ...headers, 'content-type': SERVER_CARD_MEDIA_TYPE });
    res.end(body); // Node sends no body to a HEAD request
  };
}
