import type { Db } from '@/db/client';
import { createApiKey } from '../api-keys/create-api-key';
import { type RouteDefinition, type RouteExample, routeHandler } from '../api/route';
import { accountWithOwner } from './fixtures';

/** An account, its owner and a real API key, with the headers that authenticate as it. */
export async function apiAccount(db: Db, name = 'API test account') {
  const { owner, account } = await accountWithOwner(db, name);
  const { key } = await createApiKey({ ctx: owner, input: { name: 'tests' } });
  return { owner, account, key, headers: { 'dev-id': account.devId, 'x-api-key': key } };
}

export interface RouteCall {
  query?: Record<string, string> | string;
  /** A value sent as JSON, or a string or bytes sent as they are. */
  body?: unknown;
  params?: Record<string, string>;
  /** Sent after the default content type (which a `content-type` here replaces); pairs may repeat a name. */
  headers?: Record<string, string> | Array<[string, string]>;
}

export interface RouteAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

/** Calls `route` through its real Next.js handler (authentication, parsing, error mapping) on `db`. */
export async function callRoute(db: Db, route: RouteDefinition, call: RouteCall = {}): Promise<RouteAnswer> {
  const params = call.params ?? {};
  const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
  const search = typeof call.query === 'string' ? call.query : new URLSearchParams(call.query ?? {}).toString();
  const hasBody = call.body !== undefined && route.method !== 'GET';
  const pairs = Array.isArray(call.headers) ? call.headers : Object.entries(call.headers ?? {});
  const headers = new Headers(hasBody ? { 'content-type': 'application/json' } : {});
  if (pairs.some(([name]) => name.toLowerCase() === 'content-type')) headers.delete('content-type');
  for (const [name, value] of pairs) headers.append(name, value);
  const body: BodyInit | undefined =
    typeof call.body === 'string'
      ? call.body
      : call.body instanceof Uint8Array
        ? new Blob([new Uint8Array(call.body)])
        : JSON.stringify(call.body);
  const request = new Request(`http://127.0.0.1:3000${path}${search ? `?${search}` : ''}`, {
    method: route.method,
    headers,
    body: hasBody ? body : undefined,
  });
  const response = await routeHandler(route, async () => db)(request, { params: Promise.resolve(params) });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** The route's example with `$USER_ID` replaced by `userId`. */
export function exampleCall(route: RouteDefinition, userId: string): RouteCall {
  const example: RouteExample = route.example ?? {};
  return JSON.parse(JSON.stringify(example).replaceAll('$USER_ID', userId)) as RouteCall;
}

/** Whether the route takes a user id as a query or path parameter (so another account's must be a 404). */
export function takesUserId(route: RouteDefinition): boolean {
  return route.path.includes('{user_id}') || Boolean(route.example?.query?.user_id);
}
