import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const run = promisify(execFile);
const probes: string[] = [];
afterEach(() => {
  for (const probe of probes.splice(0)) fs.rmSync(probe, { force: true });
});

async function lint(relative: string, source: string) {
  const file = path.join(root, relative);
  probes.push(file);
  fs.writeFileSync(file, source);
  try {
    await run(path.join(root, 'node_modules/.bin/biome'), ['lint', file], { cwd: root });
    return '';
  } catch (error) {
    const failed = error as { stdout: string; stderr: string };
    return failed.stdout + failed.stderr;
  }
}

describe('the lint keeps data flowing app → lib → db', () => {
  it.each([
    ['app/lint-probe.ts', "import { sql } from 'drizzle-orm';\nexport const probe = sql;\n"],
    ['components/lint-probe.ts', "import { accounts } from '@/db/schema';\nexport const probe = accounts;\n"],
    ['app/lint-probe.ts', "import { openDatabase } from '../db/client';\nexport const probe = openDatabase;\n"],
  ])('fails on %s importing the database', async (file, source) => {
    expect(await lint(file, source)).toMatch(/noRestrictedImports/);
  });

  it('fails on lib/ importing Next.js', async () => {
    expect(
      await lint('lib/lint-probe.ts', "import { cookies } from 'next/headers';\nexport const probe = cookies;\n"),
    ).toMatch(/noRestrictedImports/);
  });

  it('accepts app/ calling lib/', async () => {
    expect(
      await lint('app/lint-probe.ts', "import { config } from '@/lib/config';\nexport const probe = config;\n"),
    ).toBe('');
  });
});
