import { Invalid } from '../errors';

export const maxBodyBytes = 1_000_000;

/**
 * The request's JSON body (an empty body reads as `{}`); 400 naming `body` for anything that is not
 * JSON or is over 1 MB. The size is checked while reading, so a huge body is never held whole.
 */
export async function jsonBody(request: Request): Promise<unknown> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > maxBodyBytes) throw tooLarge();
  const text = await readLimited(request);
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw Invalid('body: the request body is not valid JSON.', { field: 'body' });
  }
}

async function readLimited(request: Request): Promise<string> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let size = 0;
  let text = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBodyBytes) {
        await reader.cancel();
        throw tooLarge();
      }
      text += decoder.decode(value, { stream: true });
    }
    return text + decoder.decode();
  } catch (error) {
    if (error instanceof TypeError) throw Invalid('body: the request body is not valid UTF-8.', { field: 'body' });
    throw error;
  }
}

const tooLarge = () => Invalid('body: the request body is larger than 1 MB.', { field: 'body' });

/** The request's query string as a plain object (the first value of each name). */
export function queryParams(request: Request): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [key, value] of new URL(request.url).searchParams) if (!(key in params)) params[key] = value;
  return params;
}
