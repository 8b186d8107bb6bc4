import { z } from 'zod';
import pkg from '@/package.json';
import { badRequest } from '../endpoints/errors';
import type { JsonSchemaOrRef, RouteDefinition, RouteResponse } from '../route';
import { refsOf } from './refs';
import snapshot from './terra-components.json';

type Schema = { [keyword: string]: unknown };
type Operation = Schema & { parameters: Schema[]; responses: Record<string, Schema> };

const unauthorized: RouteResponse = {
  description: 'dev-id or x-api-key is missing, wrong or revoked',
  schema: {
    type: 'object',
    properties: { message: { type: 'string', enum: ['unauthorized'] } },
    required: ['message'],
  },
};

/** A zod schema as the JSON Schema its *input* must satisfy (what a client sends). */
export function inputJsonSchema(schema: z.ZodType): Schema {
  const { $schema: _, ...json } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Schema;
  return json;
}

/**
 * One OpenAPI parameter per property of a query or path schema, with the route's example value
 * (`$USER_ID` stands for one of your users).
 */
function parameters(schema: z.ZodType | undefined, where: 'query' | 'path', examples: Record<string, string> = {}) {
  if (!schema) return [];
  const json = inputJsonSchema(schema) as { properties?: Record<string, Schema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]): Schema => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === 'path' || (json.required ?? []).includes(name),
      ...(description ? { description } : {}),
      schema: rest,
      ...(examples[name] !== undefined ? { example: examples[name] } : {}),
    };
  });
}

function pathParameters(route: RouteDefinition): Schema[] {
  const examples = route.example?.params ?? {};
  const declared = parameters(route.params, 'path', examples);
  const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '');
  const missing = names.filter((name) => !declared.some((p) => p.name === name));
  const implicit = missing.map((name) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'string' },
    ...(examples[name] !== undefined ? { example: examples[name] } : {}),
  }));
  return [...declared, ...implicit];
}

function response({ description, schema, headers, media }: RouteResponse): Schema {
  const content = { ...(schema ? { 'application/json': { schema } } : {}), ...media };
  return {
    description,
    ...(headers ? { headers } : {}),
    ...(Object.keys(content).length ? { content } : {}),
  };
}

function operation(route: RouteDefinition): Operation {
  const responses: Record<number, RouteResponse> = { ...route.responses };
  if (route.auth === 'api_key') responses[401] ??= unauthorized;
  if (route.query || route.body || route.params) responses[400] ??= badRequest;
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: [route.tag],
    ...(route.auth === 'none' ? { security: [] } : {}),
    parameters: [...pathParameters(route), ...parameters(route.query, 'query', route.example?.query)],
    ...(route.body
      ? {
          requestBody: {
            required: !route.body.safeParse({}).success,
            content: {
              'application/json': {
                schema: inputJsonSchema(route.body),
                ...(route.example?.body !== undefined ? { example: route.example.body } : {}),
              },
            },
          },
        }
      : {}),
    responses: Object.fromEntries(Object.entries(responses).map(([status, r]) => [status, response(r)])),
  };
}

/** `/v2/users/{user_id}` → `/users/{user_id}`: paths are relative to the server URL, which ends in /v2. */
export const documentPath = (route: RouteDefinition) => route.path.replace(/^\/v2(?=\/)/, '');

/** The components a document needs out of the committed snapshot of Terra's schemas. */
function components(paths: unknown): Record<string, unknown> {
  const all = snapshot.schemas as Record<string, JsonSchemaOrRef>;
  const needed = new Set<string>();
  const queue = [...refsOf(paths)];
  while (queue.length) {
    const name = queue.shift() as string;
    if (needed.has(name) || !all[name]) continue;
    needed.add(name);
    queue.push(...refsOf(all[name]));
  }
  return Object.fromEntries([...needed].sort().map((name) => [name, all[name]]));
}

/** Every `#/components/schemas/X` the operations of `routes` reference. */
export function referencedComponents(routes: readonly RouteDefinition[]): Set<string> {
  return refsOf(routes.map(operation));
}

/**
 * The OpenAPI 3.1 document of `routes`, served at `origin`/v2. Operations come from the route
 * definitions (zod → JSON Schema), response models are Terra's own schemas under components.
 */
export function buildOpenApiDocument(routes: readonly RouteDefinition[], origin: string) {
  const paths: Record<string, Record<string, Operation>> = {};
  for (const route of routes) {
    const path = documentPath(route);
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation(route) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Heartbridge API',
      version: pkg.version,
      description:
        "Terra-compatible REST API of this Heartbridge. Envelopes and error bodies follow Terra's legacy API " +
        `(data version 2022-03-16), data models Terra's published schemas (${snapshot.source}, ${snapshot.license}).`,
    },
    servers: [{ url: `${origin}/v2` }],
    security: [{ DevID: [], ApiKeyAuth: [] }],
    tags: [...new Set(routes.map((r) => r.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        DevID: { type: 'apiKey', in: 'header', name: 'dev-id', description: 'Your dev-id (Overview page)' },
        ApiKeyAuth: { type: 'apiKey', in: 'header', name: 'x-api-key', description: 'An API key (API keys page)' },
      },
      schemas: components(paths),
    },
  };
}

export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;
