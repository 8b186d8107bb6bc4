import { authorize } from '../../auth/roles';
import { config } from '../../config';
import type { Ctx } from '../../context';
import { routes } from '../routes';
import { buildOpenApiDocument } from './build-document';
import { componentRef } from './refs';

type Schema = { [keyword: string]: unknown };
interface Parameter {
  name: string;
  in: string;
  required: boolean;
  description?: string;
  schema: Schema;
  example?: string;
}
interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  security?: unknown[];
  parameters: Parameter[];
  requestBody?: { required: boolean; content: Record<string, { schema: Schema; example?: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: Schema }> }>;
}

export interface ReferenceOperation {
  id: string;
  method: string;
  path: string;
  summary: string;
  description?: string;
  parameters: { name: string; in: string; required: boolean; type: string; description?: string }[];
  body?: { required: boolean; type: string };
  responses: { status: string; description: string; schema?: string }[];
  curl: string;
}

/** A schema in a word or two: `TerraUser`, `TerraUser[]`, `{ status, user: TerraUser }`, `string`. */
export function schemaLabel(schema: Schema | undefined, depth = 0): string {
  if (!schema) return '';
  if (typeof schema.$ref === 'string') return schema.$ref.replace(componentRef, '');
  const choices = (schema.oneOf ?? schema.anyOf) as Schema[] | undefined;
  if (choices) return choices.map((c) => schemaLabel(c, depth)).join(' | ');
  const parts = schema.allOf as Schema[] | undefined;
  if (parts) return parts.map((c) => schemaLabel(c, depth)).join(' & ');
  if (schema.type === 'array') return `${schemaLabel(schema.items as Schema, depth + 1) || 'unknown'}[]`;
  const properties = schema.properties as Record<string, Schema> | undefined;
  if (properties && depth < 2) {
    const fields = Object.entries(properties).map(([name, p]) => {
      const label = schemaLabel(p, depth + 1);
      return /^[A-Z]/.test(label) || label.includes('{') ? `${name}: ${label}` : name;
    });
    return `{ ${fields.join(', ')} }`;
  }
  if (Array.isArray(schema.type)) return schema.type.join(' | ');
  if (typeof schema.type === 'string') return schema.type;
  if (Array.isArray(schema.enum)) return schema.enum.map(String).join(' | ');
  return 'object';
}

/** A string for a double-quoted shell word: `$VARIABLES` still expand, quotes and backslashes do not break it. */
const shellWord = (text: string) => `"${text.replace(/["\\`]/g, '\\$&')}"`;
const queryPart = (value: string) => encodeURIComponent(value).replaceAll('%24', '$');

/** A curl for the operation from its examples; `$HEARTBRIDGE_API_KEY` and `$USER_ID` are left to the shell. */
export function curlFor(server: string, method: string, path: string, operation: Operation, devId: string): string {
  const examples = Object.fromEntries(operation.parameters.map((p) => [p.name, p.example]));
  const filled = path.replace(/\{(\w+)\}/g, (_, name: string) => examples[name] ?? `{${name}}`);
  const query = operation.parameters
    .filter((p) => p.in === 'query' && p.example !== undefined)
    .map((p) => `${p.name}=${queryPart(p.example ?? '')}`)
    .join('&');
  const lines = [`curl -X ${method.toUpperCase()} ${shellWord(`${server}${filled}${query ? `?${query}` : ''}`)}`];
  if (!operation.security) lines.push(`-H ${shellWord(`dev-id: ${devId}`)}`, `-H "x-api-key: $HEARTBRIDGE_API_KEY"`);
  const example = operation.requestBody?.content['application/json']?.example;
  if (example !== undefined) {
    lines.push(`-H 'content-type: application/json'`, `-d ${shellWord(JSON.stringify(example))}`);
  }
  return lines.join(' \\\n  ');
}

/** The API reference page's content, from the same document /v2/openapi.json serves. Any member may read it. */
export function getApiReference({ ctx }: { ctx: Ctx }) {
  authorize(ctx, 'account.read');
  const document = buildOpenApiDocument(routes, config().publicUrl);
  const server = document.servers[0]?.url ?? '';
  const byTag = new Map<string, ReferenceOperation[]>(document.tags.map((t) => [t.name, []]));
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, raw] of Object.entries(item)) {
      const operation = raw as unknown as Operation;
      const body = operation.requestBody;
      byTag.get(operation.tags[0] ?? '')?.push({
        id: operation.operationId,
        method: method.toUpperCase(),
        path,
        summary: operation.summary,
        description: operation.description,
        parameters: operation.parameters.map((p) => ({
          name: p.name,
          in: p.in,
          required: p.required,
          type: schemaLabel(p.schema),
          description: p.description,
        })),
        body: body && { required: body.required, type: schemaLabel(body.content['application/json']?.schema) },
        responses: Object.entries(operation.responses).map(([status, r]) => ({
          status,
          description: r.description,
          schema: schemaLabel(r.content?.['application/json']?.schema) || undefined,
        })),
        curl: curlFor(server, method, path, operation, ctx.account.devId),
      });
    }
  }
  return { server, devId: ctx.account.devId, tags: [...byTag].map(([name, operations]) => ({ name, operations })) };
}
