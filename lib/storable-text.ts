/** How deep an input may nest: every input Heartbridge takes is a few levels deep at most. */
export const maxInputDepth = 32;

const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export interface UnstorableText {
  /** Where in the input: object keys and array indexes from the top. */
  path: PropertyKey[];
  why: string;
}

function problemOf(text: string): string | null {
  if (text.includes('\u0000')) return 'must not contain NUL characters.';
  if (loneSurrogate.test(text)) return 'must be valid Unicode text (it holds half of a surrogate pair).';
  return null;
}

/**
 * The first string (value or key) in `value` that PostgreSQL cannot keep as given, or a nesting
 * deeper than `maxInputDepth`: U+0000 fails in text and jsonb; a lone surrogate fails in jsonb and is
 * silently replaced in text. Iterative, so that a deeply nested input cannot overflow the stack.
 */
export function unstorableText(value: unknown): UnstorableText | null {
  const stack: Array<{ value: unknown; path: PropertyKey[] }> = [{ value, path: [] }];
  for (let item = stack.pop(); item; item = stack.pop()) {
    if (typeof item.value === 'string') {
      const why = problemOf(item.value);
      if (why) return { path: item.path, why };
      continue;
    }
    if (!item.value || typeof item.value !== 'object') continue;
    if (item.path.length >= maxInputDepth)
      return { path: item.path, why: `is nested deeper than ${maxInputDepth} levels.` };
    const entries = Array.isArray(item.value) ? item.value.entries() : Object.entries(item.value);
    for (const [key, child] of entries) {
      const path = [...item.path, key];
      const why = typeof key === 'string' ? problemOf(key) : null;
      if (why) return { path, why: `(a key) ${why}` };
      stack.push({ value: child, path });
    }
  }
  return null;
}
