import fs from 'node:fs';
import path from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import YAML from 'yaml';
import type { ModelName } from './names';

/** Where Terra's JSON Schemas are read from: `TERRA_SPEC_DIR`, else `../shared/terra-spec/schemas`. */
export function terraSchemaDir(): string {
  return path.resolve(
    /*turbopackIgnore: true*/ process.env.TERRA_SPEC_DIR ??
      path.join(process.cwd(), '..', 'shared', 'terra-spec', 'schemas'),
  );
}

let ajv: Ajv2020 | undefined;

/** One Ajv (JSON Schema 2020-12) holding every schema file under its file name as `$id`. */
function schemas(): Ajv2020 {
  if (ajv) return ajv;
  const dir = terraSchemaDir();
  const instance = new Ajv2020({ strict: false, allErrors: true });
  addFormats(instance as never);
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
    const schema = YAML.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Record<string, unknown>;
    instance.addSchema({ ...schema, $id: file }, file);
  }
  ajv = instance;
  return instance;
}

export interface Validation {
  valid: boolean;
  errors: string[];
}

/** Validates a payload or event against Terra's schema of that name (e.g. `Daily`, `SleepEvent`). */
export function validateModel(name: ModelName | string, value: unknown): Validation {
  const validate = schemas().getSchema(`${name}.yaml`) as ValidateFunction | undefined;
  if (!validate) throw new Error(`No Terra schema named ${name}`);
  const valid = validate(value) as boolean;
  return { valid, errors: valid ? [] : (validate.errors ?? []).map(describe) };
}

function describe(error: ErrorObject): string {
  return `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`;
}
