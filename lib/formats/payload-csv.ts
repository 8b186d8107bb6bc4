import { fieldReference } from '../payloads/fields/field-reference';
import { type PayloadType, payloadTypes } from '../payloads/payload-types';
import { type CsvValue, toCsv } from './csv';

/** A sample array: its rows go to the samples CSV, not into a summary cell. */
export const isSampleArray = (path: string) => /(samples|\.measurements)$/.test(path);

const isLeaf = (type: string) => !type.startsWith('object') || type === 'object (map)';

/**
 * The summary columns of a payload type, in the order of Terra's schema: every field outside arrays
 * that is a value, a list (one JSON cell) or an open map (one JSON cell); sample arrays left out.
 */
export function summaryColumns(type: PayloadType): string[] {
  return fieldReference(type)
    .filter((f) => !f.path.includes('[]') && isLeaf(f.type) && !isSampleArray(f.path))
    .map((f) => f.path);
}

const jsonCells = new Map(
  payloadTypes.map((type) => [
    type,
    new Set(
      fieldReference(type)
        .filter((f) => f.type.startsWith('array') || f.type === 'object (map)')
        .map((f) => f.path),
    ),
  ]),
);

/** A payload's summary as dotted cells; lists and maps are JSON, sample arrays are left out. */
export function summaryCells(type: PayloadType, payload: unknown): Record<string, CsvValue> {
  const cells: Record<string, CsvValue> = {};
  const json = jsonCells.get(type) ?? new Set<string>();
  const walk = (value: unknown, path: string) => {
    if (path && (json.has(path) || Array.isArray(value))) {
      if (!isSampleArray(path) && value !== undefined && !(Array.isArray(value) && !value.length))
        cells[path] = value === null ? null : JSON.stringify(value);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) walk(inner, path ? `${path}.${key}` : key);
    } else if (path) cells[path] = value as CsvValue;
  };
  walk(payload, '');
  return cells;
}

export interface PayloadRow {
  type: PayloadType;
  payload: unknown;
  /** Leading cells (user_id, payload_id…), in the order of `leading`. */
  ids?: Record<string, CsvValue>;
}

/**
 * One row per payload: the `leading` columns, then each present type's summary columns in Terra's
 * schema order (a field several types share is one column), then any field the schema does not name,
 * sorted. The header of one type never changes, whatever the payloads hold.
 */
export function payloadsCsv(rows: PayloadRow[], leading: string[] = []): string {
  const types = payloadTypes.filter((t) => rows.some((r) => r.type === t));
  const columns = [...new Set([...leading, ...types.flatMap(summaryColumns)])];
  const known = new Set(columns);
  const extra = new Set<string>();
  const cells = rows.map((row) => {
    const summary = summaryCells(row.type, row.payload);
    for (const key of Object.keys(summary)) if (!known.has(key)) extra.add(key);
    return { ...summary, ...row.ids };
  });
  return toCsv([...columns, ...[...extra].sort()], cells);
}

/** Every sample array of a type, in schema order, with its sample fields in schema order. */
function sampleArrays(type: PayloadType): Array<{ path: string; keys: string[] }> {
  const fields = fieldReference(type);
  return fields
    .filter((f) => !f.path.includes('[]') && isSampleArray(f.path))
    .map((f) => ({
      path: f.path,
      keys: fields
        .filter((k) => k.path.startsWith(`${f.path}[].`) && !k.path.slice(f.path.length + 3).includes('.'))
        .map((k) => k.path.slice(f.path.length + 3)),
    }));
}

/**
 * The samples of payloads, one row per sample: the `leading` cells of its payload, `series` (the array's
 * path in the payload), then the union of the sample fields in schema order (`timestamp` first), so every
 * series shares one header and a row leaves empty the fields its series does not have. Payloads keep
 * their order, series follow the schema, samples keep their order.
 */
export function samplesCsv(rows: PayloadRow[], leading: string[] = []): string {
  const types = payloadTypes.filter((t) => rows.some((r) => r.type === t));
  const arrays = new Map(types.map((type) => [type, sampleArrays(type)]));
  const keys = [...new Set(['timestamp', ...[...arrays.values()].flat().flatMap((a) => a.keys)])];
  const cells: Array<Record<string, CsvValue>> = [];
  const extra = new Set<string>();
  for (const { type, payload, ids } of rows) {
    for (const { path } of arrays.get(type) ?? []) {
      const samples = path
        .split('.')
        .reduce<unknown>(
          (node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined),
          payload,
        );
      if (!Array.isArray(samples)) continue;
      for (const sample of samples) {
        const row: Record<string, CsvValue> = { ...ids, series: path };
        if (sample && typeof sample === 'object' && !Array.isArray(sample)) {
          for (const [key, value] of Object.entries(sample)) {
            if (!keys.includes(key)) extra.add(key);
            row[key] = value !== null && typeof value === 'object' ? JSON.stringify(value) : (value as CsvValue);
          }
        }
        cells.push(row);
      }
    }
  }
  return toCsv([...leading, 'series', ...keys, ...[...extra].sort()], cells);
}
