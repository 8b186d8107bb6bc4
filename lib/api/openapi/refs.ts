import type { JsonSchemaOrRef } from '../route';

export const componentRef = '#/components/schemas/';

/** The component names a schema references (`#/components/schemas/X` → `X`). */
export function refsOf(node: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const item of node) refsOf(item, into);
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node as JsonSchemaOrRef)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith(componentRef))
        into.add(value.slice(componentRef.length));
      else refsOf(value, into);
    }
  }
  return into;
}
