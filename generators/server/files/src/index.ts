#!/usr/bin/env node
// Entry point: this server's definition, served by the runtime on stdio, or on Streamable HTTP with --http
// (the runtime's `main`: stdout guard, exact stdio, drain, signals, tracing). Generators insert at the markers.
import { serve, type ServerExtras } from '@mcp-factory/runtime/main';
import card from '../server.json' with { type: 'json' };
import { createUpstream, ENV_PREFIX, loadConfig, missingCredentials, SERVER_NAME, SERVER_VERSION } from './config.js';
import { prompts, resources, tools } from './primitives.js';
// mcp-factory:server-extras-imports

function extras(): ServerExtras {
  const extras: ServerExtras = {};
  // mcp-factory:server-extras
  return extras;
}

serve(
  {
    name: SERVER_NAME,
    version: SERVER_VERSION,
    envPrefix: ENV_PREFIX,
    loadConfig,
    createUpstream,
    missingCredentials,
    tools,
    resources,
    prompts,
    extras,
  },
  card,
);
