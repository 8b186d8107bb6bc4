import { type NextRequest, NextResponse } from 'next/server';
import { newNonce, securityHeaders, servedOverHttps } from '@/lib/security/headers';

/**
 * Security headers on every response (pages, /v2, the widget, static files). Next reads the nonce
 * from the request's Content-Security-Policy and puts it on its own scripts, so pages render per request.
 */
export function proxy(request: NextRequest) {
  const headers = securityHeaders({
    nonce: newNonce(),
    https: servedOverHttps(),
    dev: process.env.NODE_ENV === 'development',
  });
  const forwarded = new Headers(request.headers);
  forwarded.set('content-security-policy', headers['content-security-policy'] ?? '');
  const response = NextResponse.next({ request: { headers: forwarded } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}
