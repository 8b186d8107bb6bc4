import fs from 'node:fs';
import path from 'node:path';
import type { ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import YAML from 'yaml';
import { terraSchemaDir } from '../models/validate';

type Schema = { [keyword: string]: unknown };
type Bundle = { paths: Record<string, Record<string, { responses?: Record<string, Schema> }>> };

const componentRef = '#/components/schemas/';

function newAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv as never);
  return ajv;
}

/** `#/components/schemas/X` → `prefix + X + suffix`, everywhere in `node`. */
function relink(node: unknown, to: (name: string) => string): unknown {
  if (Array.isArray(node)) return node.map((item) => relink(item, to));
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) =>
      key === '$ref' && typeof value === 'string' && value.startsWith(componentRef)
        ? [key, to(value.slice(componentRef.length))]
        : [key, relink(value, to)],
    ),
  );
}

function errorsOf(validate: ValidateFunction, value: unknown): string[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}

/**
 * Terra's published contract as a validator: the legacy bundle's response schema of an operation
 * (envelopes and error bodies), whose model references resolve to `schemas/` (the current models).
 * Terra writes its alternatives as `oneOf` whose branches require nothing, so any object matches
 * several; they are read as `anyOf`.
 */
export function terraContract() {
  const dir = terraSchemaDir();
  const ajv = newAjv();
  const models = new Set<string>();
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
    const schema = YAML.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Schema;
    ajv.addSchema({ ...schema, $id: file }, file);
    models.add(path.basename(file, '.yaml'));
  }
  const bundle = YAML.parse(fs.readFileSync(path.join(dir, '..', 'legacy-v5-bundled.yaml'), 'utf8')) as Bundle & {
    components: { schemas: Record<string, Schema> };
  };
  for (const [name, schema] of Object.entries(bundle.components.schemas)) {
    if (models.has(name)) continue;
    const { $schema: _s, $id: _i, ...rest } = schema;
    ajv.addSchema({ ...(relink(rest, (n) => `${n}.yaml`) as Schema), $id: `${name}.yaml` }, `${name}.yaml`);
  }

  return {
    /** Terra's schema for `method path status` (path relative to /v2), or undefined when Terra declares none. */
    schemaFor(method: string, docPath: string, status: number): Schema | undefined {
      const responses = bundle.paths[docPath]?.[method.toLowerCase()]?.responses;
      const content = responses?.[String(status)]?.content as Record<string, { schema?: Schema }> | undefined;
      const schema = content?.['application/json']?.schema;
      if (!schema) return undefined;
      const { oneOf, ...rest } = relink(schema, (n) => `${n}.yaml`) as Schema;
      return oneOf ? { ...rest, anyOf: oneOf } : rest;
    },
    validate(schema: Schema, value: unknown): string[] {
      return errorsOf(ajv.compile(schema), value);
    },
  };
}

type Document = {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema: Schema }> }> }>
  >;
  components: { schemas: Record<string, Schema> };
};

/** Validates answers against a Heartbridge OpenAPI document's own response schemas and components. */
export function documentContract(document: Document) {
  const ajv = newAjv();
  ajv.addSchema({ $id: 'heartbridge', components: document.components }, 'heartbridge');
  return {
    /** Errors of `value` against the documented schema; a status the document does not list is an error. */
    validate(method: string, docPath: string, status: number, value: unknown): string[] {
      const response = document.paths[docPath]?.[method.toLowerCase()]?.responses[String(status)];
      if (!response) return [`${method} ${docPath} does not document status ${status}`];
      const schema = response.content?.['application/json']?.schema;
      if (!schema) return [];
      return errorsOf(ajv.compile(relink(schema, (n) => `heartbridge${componentRef}${n}`) as Schema), value);
    },
  };
}
