import { z } from 'zod';
import { Invalid } from '../errors';

/** Schemes never followed, even when an account lists them: they run code or read local data. */
const forbidden = new Set(['javascript', 'data', 'vbscript', 'file', 'blob', 'about', 'filesystem']);

function parsedUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

/**
 * A URL an end user may be sent back to: absolute, http(s) or an app scheme the account registered
 * (checked by `assertRedirectAllowed`), never a scheme that runs code, and without a user name or
 * password (`https://app.example@evil.example` leads to evil.example).
 */
export const RedirectUrl = (field: string) =>
  z
    .string()
    .trim()
    .max(2000, { message: `${field} is too long.` })
    .superRefine((value, ctx) => {
      const url = parsedUrl(value);
      if (!url || forbidden.has(url.protocol.slice(0, -1))) {
        ctx.addIssue({
          code: 'custom',
          message: `${field} must be an http(s) URL or use one of your app's registered schemes.`,
        });
      } else if (url.username || url.password) {
        ctx.addIssue({
          code: 'custom',
          message: `${field} must not hold a user name or password: browsers would go to the host after the @.`,
        });
      }
    });

/** Refuses a redirect URL whose scheme is neither http(s) nor one of the account's `appSchemes`. */
export function assertRedirectAllowed(field: string, url: string | undefined, appSchemes: readonly string[]): void {
  if (!url) return;
  const scheme = new URL(url).protocol.slice(0, -1);
  if (scheme === 'http' || scheme === 'https' || appSchemes.includes(scheme)) return;
  throw Invalid(`${field} must be an http(s) URL or use one of your app's registered schemes.`, { field });
}

/** An app URL scheme as developers register them: `myapp`, `com.example.app`. */
export const AppScheme = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z][a-z0-9+.-]{1,40}$/, { message: 'App schemes look like "myapp" or "com.example.app".' })
  .refine((scheme) => !forbidden.has(scheme) && scheme !== 'http' && scheme !== 'https', {
    message: 'That scheme cannot be registered.',
  });

/** `url` with `params` added to its query string. */
export function withParams(url: string, params: Record<string, string | null | undefined>): string {
  const target = new URL(url);
  for (const [key, value] of Object.entries(params)) if (value) target.searchParams.set(key, value);
  return target.toString();
}
