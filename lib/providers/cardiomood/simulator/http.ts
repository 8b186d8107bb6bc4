import type { IncomingMessage } from 'node:http';

/** An answer before it is written: handlers build these, the server writes them (and may spoil them, see faults). */
export interface Reply {
  status: number;
  body: string;
  type: 'json' | 'html' | 'none';
  headers?: Record<string, string>;
}

/** A request after its body was read and checked. */
export interface Incoming {
  method: string;
  path: string;
  query: URLSearchParams;
  /** The query string as sent, without `?` (the sign-in form posts back to it). */
  search: string;
  headers: IncomingMessage['headers'];
  body: string;
  remoteAddress: string;
}

export const MAX_BODY_BYTES = 1024 * 1024;
/** Past this, an oversized body is no longer drained but the connection is dropped. */
const MAX_DRAINED_BYTES = 16 * MAX_BODY_BYTES;

export const json = (status: number, value: unknown, headers?: Record<string, string>): Reply => ({
  status,
  body: JSON.stringify(value),
  type: 'json',
  headers,
});

export const html = (status: number, body: string): Reply => ({ status, body, type: 'html' });

export const redirect = (location: string): Reply => ({ status: 302, body: '', type: 'none', headers: { location } });

/** Laravel's validation answer: the first message, "(and N more errors)", and every message by field. */
export function validationError(errors: Record<string, string>, status = 422): Reply {
  const messages = Object.values(errors);
  const more = messages.length - 1;
  const first = messages[0] ?? 'The given data was invalid.';
  return json(status, {
    message: more > 0 ? `${first} (and ${more} more error${more > 1 ? 's' : ''})` : first,
    errors: Object.fromEntries(Object.entries(errors).map(([field, message]) => [field, [message]])),
  });
}

export const notFound = (): Reply => json(404, { message: 'Not Found' });
export const methodNotAllowed = (method: string, allowed: string): Reply => ({
  ...json(405, { message: `The ${method} method is not supported for this route. Supported methods: ${allowed}.` }),
  headers: { allow: allowed },
});

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads the body whole, up to MAX_BODY_BYTES. Larger bodies are drained (so the client reads the
 * 413) up to a hard cap; bytes that are not UTF-8 are refused.
 */
export function readBody(req: IncomingMessage): Promise<{ body: string } | { refused: 413 | 400 }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_DRAINED_BYTES) {
      req.destroy();
      resolve({ refused: 413 });
      return;
    }
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      else if (size > MAX_DRAINED_BYTES) {
        req.destroy();
        resolve({ refused: 413 });
      }
    });
    req.on('error', reject);
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) return resolve({ refused: 413 });
      try {
        resolve({ body: utf8.decode(Buffer.concat(chunks)) });
      } catch {
        resolve({ refused: 400 });
      }
    });
  });
}

export function isLoopback(address: string): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

/** The media type of a request, lower-cased, without its parameters. */
export const mediaType = (headers: Incoming['headers']) =>
  (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
