import { json } from './respond';

/** Any path under /v2 that no route serves: Terra's error body rather than the dashboard's HTML 404. */
export async function unknownEndpoint(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  return json(
    {
      status: 'error',
      message: `No endpoint ${request.method} ${pathname}: see /v2/openapi.json for the endpoints this Heartbridge serves.`,
    },
    404,
  );
}
