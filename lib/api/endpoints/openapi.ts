import { buildOpenApiDocument } from '../openapi/build-document';
import { json } from '../respond';
import { definePublicRoute, type RouteDefinition } from '../route';

/** `GET /v2/openapi.json`, describing `registry` (passed in, since the registry lists this route too). */
export function openApiRoute(registry: () => readonly RouteDefinition[]): RouteDefinition {
  return definePublicRoute({
    method: 'GET',
    path: '/v2/openapi.json',
    operationId: 'OpenApi_Fetch',
    summary: 'This API described as an OpenAPI 3.1 document',
    description: 'Served without credentials, like Terra publishes its own spec. Terra has no such endpoint.',
    tag: 'Reference',
    responses: {
      200: {
        description: 'The OpenAPI document; its server URL is the origin the request reached',
        schema: { type: 'object', required: ['openapi', 'info', 'paths'] },
      },
    },
    example: {},
    handle: async ({ request }) => json(buildOpenApiDocument(registry(), new URL(request.url).origin)),
  });
}
