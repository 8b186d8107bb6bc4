/**
 * Writes lib/api/openapi/terra-components.json: the Terra schemas that the routes in lib/api/routes.ts
 * reference, taken from ../shared/terra-spec (run: npm run api:components after adding or changing a
 * route). Committed, so /v2/openapi.json needs no spec files at run time.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { referencedComponents } from '@/lib/api/openapi/build-document';
import { readTerraSpec, terraComponentsSnapshot } from '@/lib/api/openapi/terra-components';
import { routes } from '@/lib/api/routes';
import { terraSchemaDir } from '@/lib/models/validate';

const target = path.resolve(import.meta.dirname, '../lib/api/openapi/terra-components.json');
const snapshot = terraComponentsSnapshot(readTerraSpec(terraSchemaDir()), referencedComponents(routes));
fs.writeFileSync(target, `${JSON.stringify(snapshot, null, 2)}\n`);
execFileSync('npx', ['biome', 'format', '--write', target], { stdio: 'ignore' });
console.log(`${Object.keys(snapshot.schemas).length} schemas written to ${path.relative(process.cwd(), target)}`);
