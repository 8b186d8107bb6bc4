/**
 * Writes lib/payloads/fields/terra-fields.json: the fields of Terra's Activity, Body, Daily, Sleep and
 * Athlete models flattened to dotted paths, from ../shared/terra-spec/schemas (run:
 * `node --import tsx scripts/generate-payload-fields.ts` when Terra's schemas change). Committed, so the
 * Payloads page needs no spec files at run time.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { terraFieldsSnapshot } from '@/lib/payloads/fields/terra-fields-snapshot';
import { terraSchemaDir } from '@/lib/models/validate';

const target = path.resolve(import.meta.dirname, '../lib/payloads/fields/terra-fields.json');
const snapshot = terraFieldsSnapshot(terraSchemaDir());
fs.writeFileSync(target, `${JSON.stringify(snapshot, null, 2)}\n`);
execFileSync('npx', ['biome', 'format', '--write', target], { stdio: 'ignore' });
const counts = Object.entries(snapshot.models).map(([type, rows]) => `${type} ${rows.length}`);
console.log(`fields written to ${path.relative(process.cwd(), target)}: ${counts.join(', ')}`);
