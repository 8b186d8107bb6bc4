import type { z } from 'zod';
import { authenticateApiKey } from '../api-keys/authenticate-api-key';
import type { Db } from '@/db/client';
import type { Ctx } from '../context';
import { database } from '../database';
import { Unauthorized } from '../errors';
import { parseRequestPart } from './parse-request';
import { jsonBody, queryParams } from './request-body';
import { errorResponse } from './respond';

/** A JSON Schema, or a `$ref` to one of Terra's component schemas (`#/components/schemas/TerraUser`). */
export type JsonSchemaOrRef = { [keyword: string]: unknown };

export interface RouteResponse {
  description: string;
  schema?: JsonSchemaOrRef;
  /** Response headers worth documenting, as OpenAPI header objects (`{ description, schema }`). */
  headers?: Record<string, { description: string; schema: JsonSchemaOrRef }>;
  /** Bodies in other media types than JSON (`text/csv`…), by media type. */
  media?: Record<string, { schema: JsonSchemaOrRef }>;
}

/**
 * A request that succeeds, for the curl on the API reference page and for the contract tests.
 * `$USER_ID` anywhere in it stands for a user of the caller's account (a shell variable in the curl).
 */
export interface RouteExample {
  query?: Record<string, string>;
  body?: unknown;
  params?: Record<string, string>;
}

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface RouteInput<Query = unknown, Body = unknown> {
  ctx: Ctx;
  query: Query;
  body: Body;
  /** Path parameters by name, e.g. `{ user_id }` for `/v2/users/{user_id}`. */
  params: Record<string, string>;
  request: Request;
}

interface RouteFields<Q extends z.ZodType, B extends z.ZodType> {
  method: HttpMethod;
  /** OpenAPI style, with the `/v2` prefix: `/v2/userInfo`, `/v2/users/{user_id}`. */
  path: string;
  /** Terra's operationId where Terra has one. */
  operationId: string;
  summary: string;
  /** Longer text for the API reference (differences from Terra belong here). */
  description?: string;
  /** Groups operations on the API reference page. */
  tag: string;
  /** Parsed from the query string (first value of each name); failures answer 400 naming the parameter. */
  query?: Q;
  /** Parsed from the JSON body; failures answer 400 naming the field. */
  body?: B;
  /** Path parameters (`{user_id}`), parsed before `handle` runs; failures answer 400 naming them. */
  params?: z.ZodType<Record<string, string>>;
  responses: Record<number, RouteResponse>;
  example?: RouteExample;
}

/** A registered endpoint: what the OpenAPI builder documents and `routeHandler` serves. */
export interface RouteDefinition extends RouteFields<z.ZodType, z.ZodType> {
  /** `api_key`: `dev-id` + `x-api-key` required (401 otherwise); `none`: public. */
  auth: 'api_key' | 'none';
  run(input: Omit<RouteInput, 'ctx'> & { ctx: Ctx | null }): Promise<Response>;
}

/** Declares an endpoint authenticated by `dev-id` + `x-api-key`. */
export function defineRoute<Q extends z.ZodType = z.ZodType<unknown>, B extends z.ZodType = z.ZodType<unknown>>(
  def: RouteFields<Q, B> & { handle(input: RouteInput<z.output<Q>, z.output<B>>): Promise<Response> },
): RouteDefinition {
  const { handle, ...fields } = def;
  return {
    ...fields,
    auth: 'api_key',
    run: ({ ctx, ...rest }) => {
      if (!ctx) throw Unauthorized();
      return handle({ ...rest, ctx, query: rest.query as z.output<Q>, body: rest.body as z.output<B> });
    },
  };
}

/** Declares an endpoint served without credentials (only the OpenAPI document is). */
export function definePublicRoute<Q extends z.ZodType = z.ZodType<unknown>>(
  def: RouteFields<Q, z.ZodType<unknown>> & {
    handle(input: Omit<RouteInput<z.output<Q>>, 'ctx' | 'body'>): Promise<Response>;
  },
): RouteDefinition {
  const { handle, ...fields } = def;
  return { ...fields, auth: 'none', run: (input) => handle({ ...input, query: input.query as z.output<Q> }) };
}

type NextContext = { params: Promise<Record<string, string | string[] | undefined>> };

/** How a handler reaches the database: the process's own, or a test's. */
export type DatabaseSource = () => Promise<Db>;

const processDatabase: DatabaseSource = async () => (await database()).db;

/**
 * The Next.js route handler for `route`: authenticates (401 before anything else), parses the query
 * and the JSON body with the route's schemas (400 naming the parameter), runs it, and maps every
 * thrown error to Terra's error bodies. Never answers 500 with a cause.
 */
export function routeHandler(
  route: RouteDefinition,
  openDb: DatabaseSource = processDatabase,
): (request: Request, context?: NextContext) => Promise<Response> {
  return async (request, context) => {
    try {
      let ctx: Ctx | null = null;
      if (route.auth === 'api_key') {
        const headers = request.headers;
        ctx = await authenticateApiKey(await openDb(), headers.get('dev-id') ?? '', headers.get('x-api-key') ?? '');
        if (!ctx) throw Unauthorized();
      }
      const raw = await pathParams(context);
      const params = route.params ? parseRequestPart(route.params, raw, 'path') : raw;
      const query = route.query ? parseRequestPart(route.query, queryParams(request), 'query') : queryParams(request);
      const body = route.body ? parseRequestPart(route.body, await jsonBody(request), 'body') : undefined;
      return await route.run({ ctx, query, body, params, request });
    } catch (error) {
      return errorResponse(error, request);
    }
  };
}

async function pathParams(context: NextContext | undefined): Promise<Record<string, string>> {
  const raw = context ? await context.params : {};
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw ?? {})) {
    if (typeof value === 'string') params[name] = value;
    else if (Array.isArray(value)) params[name] = value.join('/');
  }
  return params;
}
