import type { PayloadType } from '../payload-types';
import type { FieldRow } from './flatten-schema';
import snapshot from './terra-fields.json';

export type { FieldRow };

/**
 * Every field of Terra's model for `type`, flattened to dotted paths, from the committed snapshot of
 * Terra's schemas (scripts/generate-payload-fields.ts), so the dashboard needs no spec files at run time.
 */
export function fieldReference(type: PayloadType): FieldRow[] {
  return (snapshot.models as Record<PayloadType, FieldRow[]>)[type];
}
