import { Invalid } from '../errors';

const maxBytes = 1_000_000;

/** The request's JSON body (an empty body reads as `{}`); 400 for anything that is not JSON or too large. */
export async function jsonBody(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.length > maxBytes) throw Invalid('The request body is larger than 1 MB.');
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw Invalid('The request body is not valid JSON.');
  }
}

/** The request's query string as a plain object (the first value of each name). */
export function queryParams(request: Request): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [key, value] of new URL(request.url).searchParams) if (!(key in params)) params[key] = value;
  return params;
}
