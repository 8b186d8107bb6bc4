/**
 * The paths of a payload that hold data, in the field reference's notation (`a.b`, `a.list[].c`): a value
 * counts when it is not null, an array when it has items, an object when something inside it counts.
 * Items of an array count under `path[]` when any one of them has the field.
 */
export function filledFields(payload: unknown): string[] {
  const found = new Set<string>();
  visit(payload, '', found);
  return [...found].sort();
}

function visit(value: unknown, path: string, found: Set<string>): boolean {
  if (value === null || value === undefined) return false;
  if (Array.isArray(value)) {
    if (value.length === 0) return false;
    for (const item of value) if (isObject(item)) visit(item, `${path}[]`, found);
    found.add(path);
    return true;
  }
  if (isObject(value)) {
    let any = false;
    for (const [key, inner] of Object.entries(value)) {
      if (visit(inner, path ? `${path}.${key}` : key, found)) any = true;
    }
    if (any && path && !path.endsWith('[]')) found.add(path);
    return any;
  }
  if (path) found.add(path);
  return true;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
