import { randomBytes } from 'node:crypto';
import { config } from '../config';

export interface HeaderContext {
  /** A fresh random value for this response: the only inline scripts allowed are Next's, carrying it. */
  nonce: string;
  /** Served over https (the public URL says so): adds HSTS and upgrades stray http subresources. */
  https: boolean;
  /** `next dev`: React's dev build needs eval, and a websocket for hot reload. */
  dev: boolean;
}

/** Whether users reach Heartbridge over https (the public URL says so): HSTS, Secure cookies. */
export function servedOverHttps(): boolean {
  return config().publicUrl.startsWith('https:');
}

export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

/**
 * The Content-Security-Policy of every response. Scripts: this response's nonce, and what those
 * scripts load ('strict-dynamic'). Styles allow inline attributes: React and recharts set
 * `style=…`, and a style cannot run code. Nothing may frame Heartbridge (the widget is a page opened by redirect).
 */
export function contentSecurityPolicy({ nonce, https, dev }: HeaderContext): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? ' ws: wss:' : ''}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "frame-src 'none'",
    "worker-src 'self' blob:",
    "manifest-src 'self'",
    ...(https ? ['upgrade-insecure-requests'] : []),
  ];
  return directives.join('; ');
}

/** Every security header Heartbridge sends, on pages, the REST API, the widget and static files alike. */
export function securityHeaders(context: HeaderContext): Record<string, string> {
  return {
    'content-security-policy': contentSecurityPolicy(context),
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), hid=()',
    'cross-origin-opener-policy': 'same-origin',
    ...(context.https ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}
