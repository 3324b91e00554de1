// Everything the server templates need, computed once from the validated plan.
import { authTemplateData, serverJsonVars } from '../auth/index.js';
import { INSTALL_SCRIPTS, pick, versions } from '../../engine/versions.js';
import { FACTORY_STYLE } from '../../engine/format.js';
import type { ServerPlan } from './answers.js';
import { RUNTIME_VARIABLES } from '../../runtime/src/settings.js';

export interface EnvVar {
  name: string;
  description: string;
  isRequired: boolean;
  isSecret: boolean;
  default?: string;
}

/** The runtime's own variables (`<PREFIX>_TIMEOUT_MS`, ...), listed in each server's README and server.json. */
export const limits = RUNTIME_VARIABLES.map(
  ([suffix, def, description]) => [suffix, String(def), description] as const,
);

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

/** What the server's templates (files/, the preset's tool, auth/files) render with. */
export type ServerTemplateData = ReturnType<typeof templateData>;

export function templateData(plan: ServerPlan) {
  return {
    ...plan,
    plan,
    env: envVars(plan),
    limits,
    ...authTemplateData(plan.auth),
    json: (value: unknown) => JSON.stringify(value, null, 2),
    serverJson: serverJson(plan),
    inspectorVersion: versions['@modelcontextprotocol/inspector'],
    // package.json's "prettier" key: the style `npm run format` and every later generator run use.
    prettier: FACTORY_STYLE,
    allowScripts: INSTALL_SCRIPTS,
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
