// A synthetic OpenAPI 3 spec with `operations` operations, shaped like a large public API: resources
// with list/get/create/replace/delete, array and object query parameters in several styles, header
// parameters, and JSON bodies built from shared, nested components. Deterministic.
export function syntheticSpec(operations: number): object {
  const paths: Record<string, Record<string, unknown>> = {};
  const schemas: Record<string, unknown> = {
    Page: { type: 'object', properties: { limit: { type: 'integer' }, offset: { type: 'integer' } } },
    Image: {
      type: 'object',
      properties: { url: { type: 'string', format: 'uri' }, width: { type: 'integer' }, height: { type: 'integer' } },
    },
  };
  let count = 0;
  for (let r = 0; count < operations; r += 1) {
    const name = `resource${r}`;
    schemas[`Item${r}`] = {
      type: 'object',
      required: ['name'],
      properties: {
        name: { type: 'string', maxLength: 200 },
        kind: { type: 'string', enum: ['album', 'track', 'artist', 'playlist'] },
        images: { type: 'array', items: { $ref: '#/components/schemas/Image' } },
        market: { type: 'string', pattern: '^[A-Z]{2}$' },
        public: { type: 'boolean' },
      },
    };
    const ops: Array<[string, string, unknown]> = [
      [
        `/${name}s`,
        'get',
        {
          operationId: `list${r}Items`,
          tags: [`group${r % 8}`],
          summary: `List the items of ${name}, filtered and paginated`,
          parameters: [
            { name: 'ids', in: 'query', explode: false, schema: { type: 'array', items: { type: 'string' } } },
            {
              name: 'filter',
              in: 'query',
              style: 'deepObject',
              schema: { type: 'object', properties: { kind: { type: 'string' } } },
            },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 50, default: 20 } },
            { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0 } },
            { name: 'Accept-Language', in: 'header', schema: { type: 'string' } },
          ],
        },
      ],
      [
        `/${name}s`,
        'post',
        {
          operationId: `create${r}Item`,
          summary: `Create an item of ${name}`,
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: `#/components/schemas/Item${r}` } } },
          },
        },
      ],
      [
        `/${name}s/{id}`,
        'get',
        {
          operationId: `get${r}Item`,
          summary: `Get one item of ${name}`,
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'market', in: 'query', schema: { type: 'string' } },
          ],
        },
      ],
      [
        `/${name}s/{id}`,
        'put',
        {
          operationId: `replace${r}Item`,
          summary: `Replace an item of ${name}`,
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: { content: { 'application/json': { schema: { $ref: `#/components/schemas/Item${r}` } } } },
        },
      ],
      [
        `/${name}s/{id}`,
        'delete',
        {
          operationId: `delete${r}Item`,
          summary: `Delete an item of ${name}`,
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        },
      ],
    ];
    for (const [p, method, op] of ops) {
      if (count >= operations) break;
      paths[p] ??= {};
      paths[p][method] = { ...(op as object), responses: { '200': { description: 'ok' } } };
      count += 1;
    }
  }
  return {
    openapi: '3.0.3',
    info: { title: 'Synthetic catalogue API', version: '1.0.0' },
    servers: [{ url: 'https://api.example.com/v1' }],
    paths,
    components: { schemas },
  };
}
