#!/usr/bin/env node
// `npx heartbridge <command>`: loads the TypeScript CLI through tsx from the project's root.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.env.HEARTBRIDGE_DATA_DIR = path.resolve(process.env.HEARTBRIDGE_DATA_DIR ?? path.join(root, '.data'));
process.env.HEARTBRIDGE_CALLER_CWD = process.cwd(); // for paths given relative to where the command ran
process.chdir(root);
const { register } = await import('tsx/esm/api');
register();
await import('./cli.ts');
