import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { unitOf } from './units';

type Schema = { [keyword: string]: unknown };

/** One field of a Terra payload: a dotted path (`[]` steps into an array's items), its type, unit and meaning. */
export interface FieldRow {
  path: string;
  type: string;
  unit: string | null;
  description: string | null;
}

/** Terra's model schemas by name (`Daily` for `Daily.yaml`), read from `schemaDir`. */
export function readModelSchemas(schemaDir: string): Map<string, Schema> {
  const models = new Map<string, Schema>();
  for (const file of fs.readdirSync(schemaDir).filter((f) => f.endsWith('.yaml'))) {
    models.set(path.basename(file, '.yaml'), YAML.parse(fs.readFileSync(path.join(schemaDir, file), 'utf8')));
  }
  return models;
}

interface Resolved {
  schema: Schema;
  owner: string;
  name?: string;
}

/** Every field of model `root`, depth first in the schema's property order, refs followed across files. */
export function flattenModel(models: Map<string, Schema>, root: string): FieldRow[] {
  const rows: FieldRow[] = [];
  const start = models.get(root);
  if (!start) throw new Error(`Terra's spec has no schema named ${root}`);
  walkObject(models, { schema: start, owner: root, name: root }, '', [root], rows);
  return rows;
}

function walkObject(models: Map<string, Schema>, at: Resolved, prefix: string, seen: string[], rows: FieldRow[]) {
  const properties = (at.schema.properties ?? {}) as Record<string, Schema>;
  for (const [key, property] of Object.entries(properties)) {
    const fieldPath = prefix ? `${prefix}.${key}` : key;
    const target = resolve(models, nonNull(property), at.owner);
    const description = text(property.description) ?? text(target.schema.description);
    rows.push({ path: fieldPath, type: typeLabel(models, target), unit: unitOf(key, description), description });
    descend(models, target, fieldPath, seen, rows);
  }
}

/** Into an object's properties or an array's object items, unless that schema is already being walked. */
function descend(models: Map<string, Schema>, target: Resolved, fieldPath: string, seen: string[], rows: FieldRow[]) {
  if (target.name && seen.includes(target.name)) return;
  const next = target.name ? [...seen, target.name] : seen;
  if (target.schema.type === 'array' && target.schema.items) {
    const item = resolve(models, nonNull(target.schema.items as Schema), target.owner);
    if (hasProperties(item.schema)) walkObject(models, item, `${fieldPath}[]`, next, rows);
    return;
  }
  if (hasProperties(target.schema)) walkObject(models, target, fieldPath, next, rows);
}

function hasProperties(schema: Schema): boolean {
  return Object.keys((schema.properties ?? {}) as object).length > 0;
}

/** `anyOf: [X, {type: null}]` is X (Terra marks every optional field this way). */
function nonNull(schema: Schema): Schema {
  const options = schema.anyOf as Schema[] | undefined;
  if (!options) return schema;
  const real = options.filter((o) => o.type !== 'null');
  return real.length === 1 && real[0] ? real[0] : schema;
}

/** Follows `X.yaml`, `X.yaml#/$defs/D` and `#/$defs/D` (inside the file `owner`). */
function resolve(models: Map<string, Schema>, schema: Schema, owner: string): Resolved {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return { schema, owner };
  const match = /^(?:(\w+)\.yaml)?(?:#\/\$defs\/(\w+))?$/.exec(ref);
  const file = match?.[1] ?? owner;
  const model = models.get(file);
  if (!match || !model) throw new Error(`Unresolvable $ref ${ref} in ${owner}`);
  const def = match[2];
  if (!def) return { schema: model, owner: file, name: file };
  const defs = (model.$defs ?? {}) as Record<string, Schema>;
  const found = defs[def];
  if (!found) throw new Error(`Unresolvable $ref ${ref} in ${owner}`);
  return { schema: found, owner: file, name: `${file}#${def}` };
}

function typeLabel(models: Map<string, Schema>, target: Resolved): string {
  const { schema } = target;
  const options = (schema.oneOf ?? schema.anyOf) as Schema[] | undefined;
  if (schema.enum || options?.every((o) => 'const' in o)) return `enum${target.name ? ` ${target.name}` : ''}`;
  if (options) return options.map((o) => typeLabel(models, resolve(models, o, target.owner))).join(' | ');
  if (schema.type === 'array') {
    const item = resolve(models, nonNull((schema.items ?? {}) as Schema), target.owner);
    return `array of ${typeLabel(models, item)}`;
  }
  if (schema.type === 'object' || hasProperties(schema)) {
    if (!hasProperties(schema)) return 'object (map)';
    return target.name && !target.name.includes('#') ? `object ${target.name}` : 'object';
  }
  const base = typeof schema.type === 'string' ? schema.type : 'any';
  return typeof schema.format === 'string' ? `${base} (${schema.format})` : base;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}
