import type { z } from 'zod';
import { Invalid } from '../errors';

/**
 * Parses one part of a request (`query`, `body` or `path`) with `schema`; the first problem becomes a 400
 * whose message starts with the parameter's name, as Terra's do: `per_page: must be at most 1000`.
 */
export function parseRequestPart<S extends z.ZodType>(
  schema: S,
  value: unknown,
  part: 'query' | 'body' | 'path',
): z.output<S> {
  refuseNul(value, [], part);
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const name = parameterName(issue?.path ?? [], part);
  const why = issue?.message ?? 'is invalid';
  throw Invalid(why.startsWith(`${name} `) || why.startsWith(`${name}:`) ? why : `${name}: ${why}`, { field: name });
}

/** `['per_page']` → `per_page`; `[2]` → `body[2]`; `['a', 0, 'b']` → `a[0].b`; `[]` → the part itself. */
function parameterName(path: readonly PropertyKey[], part: 'query' | 'body' | 'path'): string {
  if (!path.length) return part;
  let name = typeof path[0] === 'number' ? part : '';
  for (const key of path) {
    if (typeof key === 'number') name += `[${key}]`;
    else name += name ? `.${String(key)}` : String(key);
  }
  return name;
}

/** PostgreSQL text cannot hold U+0000: a string carrying one is a 400 here rather than a failed query later. */
function refuseNul(value: unknown, path: PropertyKey[], part: 'query' | 'body' | 'path'): void {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) {
      const name = parameterName(path, part);
      throw Invalid(`${name}: must not contain NUL characters.`, { field: name });
    }
  } else if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) refuseNul(item, [...path, i], part);
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) refuseNul(item, [...path, key], part);
  }
}
