import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { repoRoot } from '../testing/app-surface';
import { matrixMarkdown } from './matrix-markdown';

it('docs/isolation.md carries the role matrix and the case tables as lib/auth/roles.ts and the cases say', () => {
  const doc = fs.readFileSync(path.join(repoRoot, 'docs', 'isolation.md'), 'utf8');
  const tables = matrixMarkdown();
  // On a mismatch, paste the expected table from this failure into the page.
  expect(doc).toContain(tables.permissions);
  expect(doc).toContain(tables.actions);
  expect(doc).toContain(tables.surfaces);
});
