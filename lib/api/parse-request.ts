import type { z } from 'zod';
import { Invalid } from '../errors';
import { unstorableText } from '../storable-text';

/**
 * Parses one part of a request (`query`, `body` or `path`) with `schema`; the first problem becomes a 400
 * whose message starts with the parameter's name, as Terra's do: `per_page: must be at most 1000`.
 * Text the database cannot keep (NUL, lone surrogates) and absurd nesting are refused first.
 */
export function parseRequestPart<S extends z.ZodType>(
  schema: S,
  value: unknown,
  part: 'query' | 'body' | 'path',
): z.output<S> {
  const unstorable = unstorableText(value);
  if (unstorable) {
    const name = parameterName(unstorable.path, part);
    throw Invalid(`${name}: ${unstorable.why}`, { field: name });
  }
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
