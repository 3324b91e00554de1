// What a server repo is, in the words every generator shares (recorded as the repo's facts): the auth schemes a
// server can use upstream, and the presets, which pick the upstream API, its default auth and the server's first
// tool. Adding a preset = adding an entry here (and, for a new kind of tool, a folder under
// generators/server/presets/). The server, auth and openapi generators read them; none of them owns them.
/** An HTTP header field name (RFC 9110 token): what a header scheme's name must be. */
export const HTTP_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export const SCHEMES = ['none', 'bearer', 'header', 'query', 'basic', 'oauth2'] as const;
export type SchemeId = (typeof SCHEMES)[number];

/** Defaults a caller knows better than the scheme's own (a preset's, or an OpenAPI spec's securitySchemes). */
export interface SchemeDefaults {
  scheme?: SchemeId;
  headerName?: string;
  queryParam?: string;
  tokenUrl?: string;
  scopes?: string;
  /** Whether a key is optional unless told (the rest preset's bearer key; when switching, the repo's current setting). */
  optional?: boolean;
}

export type PresetId = 'perplexity' | 'gemini' | 'openai' | 'rest';

export interface Preset {
  id: PresetId;
  /** Human name of the upstream, used in error messages ("Perplexity rejected the API key"). */
  apiName: string;
  /** Fixed env prefix; `rest` derives it from the server name. */
  prefix?: string;
  defaultBaseUrl?: string;
  defaultModel?: string;
  /** The auth scheme a new server starts with (`--auth` chooses another; `npx plop auth` switches later). */
  auth: {
    scheme: SchemeId;
    headerName?: string;
    /** the key is sent when set, and calls work without it */ optional?: boolean;
  };
  /** Template folder under generators/server/presets/ holding the first tool and its tests. */
  toolKind: 'chat' | 'gemini' | 'ping';
  tool: string;
  /** One line for the generated README's tool list. */
  toolSummary: string;
  description: string;
}

export const presets: Record<PresetId, Preset> = {
  perplexity: {
    id: 'perplexity',
    apiName: 'Perplexity',
    prefix: 'PERPLEXITY',
    defaultBaseUrl: 'https://api.perplexity.ai',
    defaultModel: 'sonar-pro',
    auth: { scheme: 'bearer' },
    toolKind: 'chat',
    tool: 'ask',
    toolSummary:
      'ask Perplexity a question; the answer comes with its web sources (`question`, `model?`, `search_recency_filter?`)',
    description: 'Ask Perplexity: web-grounded answers with sources',
  },
  gemini: {
    id: 'gemini',
    apiName: 'Gemini',
    prefix: 'GEMINI',
    defaultBaseUrl: 'https://generativelanguage.googleapis.com',
    defaultModel: 'gemini-2.5-flash',
    auth: { scheme: 'header', headerName: 'x-goog-api-key' },
    toolKind: 'gemini',
    tool: 'ask',
    toolSummary:
      'ask Gemini a question; with `grounding`, the answer comes with its web sources (`question`, `model?`, `grounding?`)',
    description: 'Ask Google Gemini, with grounding sources when present',
  },
  openai: {
    id: 'openai',
    apiName: 'OpenAI-compatible API',
    prefix: 'OPENAI',
    defaultBaseUrl: 'https://api.openai.com/v1',
    defaultModel: 'gpt-4o-mini',
    auth: { scheme: 'bearer' },
    toolKind: 'chat',
    tool: 'ask',
    toolSummary: 'ask the model a question (`question`, `model?`)',
    description: 'Ask any OpenAI-compatible chat completions API',
  },
  rest: {
    id: 'rest',
    apiName: 'the REST API',
    auth: { scheme: 'bearer', optional: true },
    toolKind: 'ping',
    tool: 'ping',
    toolSummary: 'check that the upstream API answers on its health path (no input)',
    description: 'MCP tools for a REST API',
  },
};

export const presetIds = Object.keys(presets) as PresetId[];
