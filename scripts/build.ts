/**
 * `npm run build`: next build, then a stamp of the sources it was built from, so that `npm start`
 * rebuilds when the sources changed and not otherwise.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const stamp = path.join(root, '.next', 'heartbridge-sources');

/** Paths, sizes and modification times of the app's sources. */
function sourceFingerprint(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(tsx?|css|mjs|json)$/.test(entry.name) && !entry.name.endsWith('.test.ts')) {
        const stat = fs.statSync(full);
        hash.update(`${path.relative(root, full)}:${stat.size}:${stat.mtimeMs}\n`);
      }
    }
  };
  for (const dir of ['app', 'components', 'lib', 'db']) walk(path.join(root, dir));
  for (const file of ['next.config.mjs', 'proxy.ts', 'package-lock.json']) {
    hash.update(`${file}:${fs.statSync(path.join(root, file)).mtimeMs}\n`);
  }
  return hash.digest('hex');
}

export function buildIsCurrent(): boolean {
  return (
    fs.existsSync(path.join(root, '.next', 'BUILD_ID')) &&
    fs.existsSync(stamp) &&
    fs.readFileSync(stamp, 'utf8') === sourceFingerprint()
  );
}

/** Runs next build; true when it succeeded (and the stamp is written). */
export function build(): boolean {
  const fingerprint = sourceFingerprint();
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'build'], {
    stdio: 'inherit',
    cwd: root,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) return false;
  fs.writeFileSync(stamp, fingerprint);
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  process.exit(build() ? 0 : 1);
}
