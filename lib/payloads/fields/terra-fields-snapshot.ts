import { modelNameOf, payloadTypes } from '../payload-types';
import { flattenModel, readModelSchemas } from './flatten-schema';

/** What terra-fields.json holds: each payload type's fields, with where they come from. */
export function terraFieldsSnapshot(schemaDir: string) {
  const models = readModelSchemas(schemaDir);
  return {
    source: 'github.com/tryterra/openapi (schemas/)',
    license: 'Apache License 2.0, see TERRA-SPEC-LICENSE beside this file',
    models: Object.fromEntries(payloadTypes.map((type) => [type, flattenModel(models, modelNameOf[type])])),
  };
}
