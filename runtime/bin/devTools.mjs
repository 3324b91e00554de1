// `npm run dev` only: the tools of a running dev server, swapped in place when their modules are re-imported.
// src/server.ts hands its tools to `registerTools` instead of registering them itself when this is loaded
// (devChild.mjs), so the handle the SDK returns for each tool is kept, per server instance.
// On a reload, each new tool definition is compared with the registered one:
//  - same name and same listing (title, description, schemas, annotations): only the handler is swapped,
//    silently: the client's tool list did not change;
//  - listing changed, tool added or removed: the SDK tool is replaced, added or removed, and the client gets
//    one `notifications/tools/list_changed` for the whole reload (the SDK would send one per change).
// A call already running keeps the handler it started with; the next call gets the new one.
const servers = []; // { server, deps, registered: Map<name, { handle, listing }> }
let latestTools; // after a reload: what a server created from now on registers (not src/server.ts's import)

/**
 * What `tool.register` would register, without registering it (our Tool objects call server.registerTool once,
 * or not at all: an OpenAPI tool whose toolset <PREFIX>_TOOLSETS leaves out registers nothing, and is skipped).
 */
function definitionOf(tool, deps) {
  let definition;
  const recorder = {
    registerTool(name, config, callback) {
      definition = { name, config, callback };
      return {};
    },
  };
  if (typeof tool?.register !== 'function') throw new Error(`${tool?.name ?? 'a tool'} has no register function`);
  tool.register(recorder, deps);
  return definition;
}

// Through the Standard Schema interface the SDK itself uses: tools hand it a wrapper that caches the
// conversion (the runtime's jsonSchemaCache.ts), not the zod schema.
const jsonSchema = (schema) =>
  schema === undefined ? undefined : schema['~standard'].jsonSchema.input({ target: 'draft-2020-12' });

/** The part of a tool a client sees in tools/list: when it changes, the client is told. */
function listingOf({ config }) {
  try {
    const { title, description, annotations, icons, _meta } = config;
    const input = jsonSchema(config.inputSchema);
    const output = jsonSchema(config.outputSchema);
    return JSON.stringify({ title, description, annotations, icons, _meta, input, output });
  } catch {
    return `unknown ${Math.random()}`; // a schema we cannot compare counts as changed
  }
}

/** Called by src/server.ts for each server instance it creates. */
export function registerTools(server, tools, deps) {
  const registered = new Map();
  for (const tool of latestTools ?? tools) {
    const definition = definitionOf(tool, deps);
    if (!definition) continue;
    const handle = server.registerTool(definition.name, definition.config, definition.callback);
    registered.set(definition.name, { handle, listing: listingOf(definition) });
  }
  servers.push({ server, deps, registered });
}

/**
 * Replaces the running tools with `tools` (the new src/tools/index.ts export) in every server.
 * Throws before changing anything if the new list is not usable; returns whether the tool list changed.
 */
export function replaceTools(tools) {
  if (!Array.isArray(tools)) throw new Error('src/tools/index.ts does not export a `tools` array');
  const plans = servers.map((entry) => {
    const next = new Map();
    for (const tool of tools) {
      const definition = definitionOf(tool, entry.deps);
      if (!definition) continue;
      if (next.has(definition.name)) throw new Error(`two tools are named ${definition.name}`);
      next.set(definition.name, { definition, listing: listingOf(definition) });
    }
    return { entry, next };
  });
  let listChanged = false;
  for (const { entry, next } of plans) listChanged = apply(entry, next) || listChanged;
  latestTools = tools;
  return listChanged;
}

function apply({ server, registered }, next) {
  let changed = false;
  server.sendToolListChanged = () => undefined; // muted while we change tools: one notification at the end
  try {
    for (const [name, { handle }] of registered) {
      if (next.has(name)) continue;
      handle.remove();
      registered.delete(name);
      changed = true;
    }
    for (const [name, { definition, listing }] of next) {
      const current = registered.get(name);
      if (current?.listing === listing) {
        current.handle.update({ callback: definition.callback });
        continue;
      }
      // A new shape replaces the tool whole, so that a field the edit removed is gone from the listing too.
      current?.handle.remove();
      const handle = server.registerTool(name, definition.config, definition.callback);
      registered.set(name, { handle, listing });
      changed = true;
    }
  } finally {
    delete server.sendToolListChanged; // the SDK's own method again
  }
  if (changed) server.sendToolListChanged();
  return changed;
}
