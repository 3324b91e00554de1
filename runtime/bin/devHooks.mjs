// `npm run dev` only: module resolution hooks of a dev server (registered by devChild.mjs, after tsx's).
// They do two things for modules under src/tools/, so that an edited tool can be imported again in place:
//  - report who imports whom (parent → child), so the server can tell a tool module (imported only by
//    src/tools/index.ts) from a helper other modules share, and fall back to a restart for the latter;
//  - give a module that changed a new URL (`?mcp-dev=<n>`), so importing it again evaluates the new source
//    instead of returning the cached module. Modules that did not change keep their URL and their instance.
let port;
let toolsDir; // file URL of src/tools/, with a trailing slash
const versions = new Map(); // module URL (no query) → the reload number it was last changed in

export function initialize(data) {
  ({ port, toolsDir } = data);
  port.on('message', (message) => {
    if (message.type === 'versions') for (const [url, version] of message.versions) versions.set(url, version);
    // The server waits for this answer before it imports, so the new versions are in place.
    port.postMessage({ type: 'ack', id: message.id });
  });
  port.unref(); // never what keeps the server running
}

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  if (!resolved.url.startsWith(toolsDir)) return resolved;
  const url = resolved.url.split('?')[0];
  if (context.parentURL) port.postMessage({ type: 'edge', parent: context.parentURL, child: url });
  const version = versions.get(url);
  return version === undefined ? resolved : { ...resolved, url: `${url}?mcp-dev=${version}` };
}
