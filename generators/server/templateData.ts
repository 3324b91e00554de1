// Everything the server templates need, computed once from the validated plan.
import { authTemplateData } from '../auth/templateData.js';
import { serverJsonVars } from '../auth/schemes.js';
import { pick, versions } from '../versions.js';
import type { ServerPlan } from './answers.js';

export interface EnvVar {
  name: string;
  description: string;
  isRequired: boolean;
  isSecret: boolean;
  default?: string;
}

/** Limits: env suffix, default, meaning. The resilience defaults give up within 30 s. */
export const limits = [
  ['TIMEOUT_MS', '10000', 'per-attempt timeout in ms'],
  ['DEADLINE_MS', '25000', 'overall deadline per tool call in ms, retries included'],
  ['MAX_ATTEMPTS', '4', 'attempts per call (first try + retries)'],
  ['BACKOFF_INITIAL_MS', '500', 'first retry delay in ms (exponential, full jitter)'],
  ['BACKOFF_MAX_MS', '8000', 'largest retry delay in ms'],
  ['RETRY_AFTER_MAX_MS', '10000', 'cap on an upstream Retry-After / retryDelay hint in ms'],
  ['BREAKER_THRESHOLD', '5', 'consecutive failed calls that open the circuit breaker'],
  ['BREAKER_COOLDOWN_MS', '30000', 'how long the open breaker fails fast before trying again, in ms'],
  ['PROGRESS_INTERVAL_MS', '5000', 'how often a long tool call reports progress to clients that asked for it, in ms'],
  [
    'MAX_IN_FLIGHT',
    '64',
    'requests handled at once; as many more wait, the rest are read later (or get -32000 while a tool awaits the client)',
  ],
  ['MAX_LINE_BYTES', '4194304', 'largest accepted JSON-RPC line in bytes; longer lines get a -32600 error'],
  [
    'MAX_RESPONSE_BYTES',
    '5242880',
    'largest upstream response body in bytes, after decompression; a larger one is refused without reading the rest',
  ],
  [
    'MAX_RESULT_CHARS',
    '100000',
    'longest tool result in characters (about 25,000 tokens); longer text is cut at whole items or lines, with a note',
  ],
  [
    'MAX_MESSAGE_BYTES',
    '8388608',
    'largest JSON-RPC message written to stdout in bytes (the official client disconnects above 10 MiB); larger ones become an error',
  ],
] as const;

export function envVars(plan: ServerPlan): EnvVar[] {
  const p = plan.prefix;
  const vars: EnvVar[] = [
    {
      name: `${p}_BASE_URL`,
      description: 'Base URL of the upstream API',
      isRequired: !plan.baseUrl,
      isSecret: false,
      ...(plan.baseUrl ? { default: plan.baseUrl } : {}),
    },
  ];
  if (plan.model)
    vars.push({
      name: `${p}_MODEL`,
      description: 'Default model',
      isRequired: false,
      isSecret: false,
      default: plan.model,
    });
  for (const [suffix, def, description] of limits) {
    vars.push({
      name: `${p}_${suffix}`,
      description: `Limit: ${description}`,
      isRequired: false,
      isSecret: false,
      default: def,
    });
  }
  return vars;
}

export function serverJson(plan: ServerPlan): object {
  return {
    $schema: 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
    name: plan.mcpName,
    description: plan.description,
    version: '0.1.0',
    packages: [
      {
        registryType: 'npm',
        identifier: plan.name,
        version: '0.1.0',
        transport: { type: 'stdio' },
        environmentVariables: [
          ...serverJsonVars(plan.auth),
          ...envVars(plan)
            .filter((v) => v.name.endsWith('_BASE_URL') || v.name.endsWith('_MODEL'))
            .map(({ name, description, isRequired, isSecret }) => ({ name, description, isRequired, isSecret })),
        ],
      },
    ],
  };
}

export function templateData(plan: ServerPlan): Record<string, unknown> {
  return {
    ...plan,
    plan,
    env: envVars(plan),
    limits,
    ...authTemplateData(plan.auth),
    json: (value: unknown) => JSON.stringify(value, null, 2),
    serverJson: serverJson(plan),
    inspectorVersion: versions['@modelcontextprotocol/inspector'],
    // HTTP mode's @modelcontextprotocol/node and jose come with the runtime (its own dependencies).
    dependencies: pick(['@mcp-factory/runtime', '@modelcontextprotocol/server', 'zod']),
    devDependencies: {
      ...pick([
        '@modelcontextprotocol/client',
        '@jest/globals',
        '@types/jest',
        '@types/node',
        'chokidar',
        'esbuild',
        'jest',
        'nock',
        'plop',
        'prettier',
        'ts-jest',
        'tsx',
        'typescript',
        'zx',
      ]),
      'mcp-factory': plan.factorySpec,
    },
  };
}
