// resources/list, paginated. The SDK's own handler returns every resource in one answer and calls
// each template's list without the client's cursor; a template backed by an upstream list can
// hold thousands of entries, so once a resource can enumerate instances this handler replaces it:
// same entries (fixed resources first, then each template's instances), pages of `pageSize`.
import { ProtocolError, ProtocolErrorCode, type McpServer } from '@modelcontextprotocol/server';
import type { ListedResource, Resource, ResourceDeps } from './defineResource.js';
import { messageOf } from './errors.js';
import { log } from './log.js';

export const RESOURCE_PAGE_SIZE = 100;

const encodeCursor = (offset: number) => Buffer.from(`offset:${offset}`).toString('base64url');

function decodeCursor(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  const match = /^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `resources/list: unknown cursor "${cursor}"`);
  return Number(match[1]);
}

export async function listResources(
  resources: readonly Resource[],
  deps: ResourceDeps,
  cursor: string | undefined,
  signal: AbortSignal,
  pageSize = RESOURCE_PAGE_SIZE,
): Promise<{ resources: ListedResource[]; nextCursor?: string }> {
  const offset = decodeCursor(cursor);
  const all: ListedResource[] = resources
    .filter((r) => !r.isTemplate)
    .map(({ uri, name, title, description, mimeType }) => ({ uri, name, title, description, mimeType }));
  for (const resource of resources) {
    if (!resource.list) continue;
    // One upstream that cannot list must not hide every other resource from the client.
    try {
      all.push(...(await resource.list(deps, signal)));
    } catch (error) {
      log.warn(`resources/list: ${resource.name} could not list its instances: ${messageOf(error)}`);
    }
  }
  const page = all.slice(offset, offset + pageSize);
  return offset + pageSize < all.length
    ? { resources: page, nextCursor: encodeCursor(offset + pageSize) }
    : { resources: page };
}

/** Installs the paginated handler when some resource enumerates instances (after registration). */
export function paginateResourceList(server: McpServer, resources: readonly Resource[], deps: ResourceDeps): void {
  if (!resources.some((r) => r.list)) return;
  server.server.setRequestHandler('resources/list', (request, ctx) =>
    listResources(resources, deps, request.params?.cursor, ctx.mcpReq.signal),
  );
}
