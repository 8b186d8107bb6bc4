import { z } from 'zod';

/** A URL an end user is sent back to: http(s) only, so that no `javascript:` or `data:` URL is ever followed. */
export const RedirectUrl = (field: string) =>
  z
    .string()
    .trim()
    .max(2000, { message: `${field} is too long.` })
    .refine(
      (value) => {
        try {
          return ['http:', 'https:'].includes(new URL(value).protocol);
        } catch {
          return false;
        }
      },
      { message: `${field} must be an http(s) URL.` },
    );

/** `url` with `params` added to its query string. */
export function withParams(url: string, params: Record<string, string | null | undefined>): string {
  const target = new URL(url);
  for (const [key, value] of Object.entries(params)) if (value) target.searchParams.set(key, value);
  return target.toString();
}
