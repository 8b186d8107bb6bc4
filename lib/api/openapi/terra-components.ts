import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { componentRef, refsOf } from './refs';

type Schema = { [keyword: string]: unknown };

/** Terra's spec as files: the model schemas (`schemas/X.yaml`) and the legacy bundle's components. */
export interface TerraSpec {
  models: Map<string, Schema>;
  legacy: Record<string, Schema>;
}

/** Reads Terra's spec from `schemaDir` (`terraSchemaDir()`) and the legacy bundle beside it. */
export function readTerraSpec(schemaDir: string): TerraSpec {
  const models = new Map<string, Schema>();
  for (const file of fs.readdirSync(schemaDir).filter((f) => f.endsWith('.yaml'))) {
    models.set(path.basename(file, '.yaml'), YAML.parse(fs.readFileSync(path.join(schemaDir, file), 'utf8')));
  }
  const bundle = YAML.parse(fs.readFileSync(path.join(schemaDir, '..', 'legacy-v5-bundled.yaml'), 'utf8'));
  return { models, legacy: bundle.components.schemas };
}

/**
 * The component schemas `roots` need, with everything they reference, as OpenAPI components. Data
 * models come from `schemas/` (Terra's current models), the envelopes only the legacy bundle has from
 * there; file refs become `#/components/schemas/X` and each file's `$defs` become `X_Def` components.
 */
export function collectTerraComponents(spec: TerraSpec, roots: Iterable<string>): Record<string, Schema> {
  const out: Record<string, Schema> = {};
  const queue = [...roots];
  while (queue.length) {
    const name = queue.shift() as string;
    if (name in out) continue;
    const component = componentSchema(spec, name);
    if (!component) throw new Error(`Terra's spec has no schema named ${name}`);
    Object.assign(out, component);
    for (const schema of Object.values(component)) queue.push(...refsOf(schema));
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

function componentSchema(spec: TerraSpec, name: string): Record<string, Schema> | null {
  const [file, def] = name.split('_', 2) as [string, string | undefined];
  const source = spec.models.get(file) ?? spec.legacy[file];
  if (!source) return null;
  const { $schema: _s, $id: _i, $defs, ...schema } = source as Schema & { $defs?: Record<string, Schema> };
  const defs = $defs ?? {};
  if (def !== undefined) return defs[def] ? { [name]: relink(defs[def], file) as Schema } : null;
  return { [name]: relink(schema, file) as Schema };
}

/** Rewrites `X.yaml`, `X.yaml#/$defs/D` and `#/$defs/D` (inside file `owner`) to component refs. */
function relink(node: unknown, owner: string): unknown {
  if (Array.isArray(node)) return node.map((item) => relink(item, owner));
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => {
      if (key !== '$ref' || typeof value !== 'string') return [key, relink(value, owner)];
      const local = /^#\/\$defs\/(\w+)$/.exec(value);
      if (local) return [key, `${componentRef}${owner}_${local[1]}`];
      const file = /^(\w+)\.yaml(?:#\/\$defs\/(\w+))?$/.exec(value);
      if (file) return [key, `${componentRef}${file[1]}${file[2] ? `_${file[2]}` : ''}`];
      return [key, value];
    }),
  );
}

export const snapshotSource = 'github.com/tryterra/openapi';
export const snapshotLicense = 'Apache License 2.0, see TERRA-SPEC-LICENSE beside this file';

/** What lib/api/openapi/terra-components.json holds: the components `roots` need, with their origin. */
export function terraComponentsSnapshot(spec: TerraSpec, roots: Iterable<string>) {
  return { source: snapshotSource, license: snapshotLicense, schemas: collectTerraComponents(spec, roots) };
}
