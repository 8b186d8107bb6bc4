import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname) } },
  test: {
    include: ['lib/**/*.test.ts', 'db/**/*.test.ts', 'scripts/**/*.test.ts', 'bench/**/*.test.ts'],
    environment: 'node',
    // Tests never touch the developer's .data/: secrets and files go to a throwaway place.
    env: {
      HEARTBRIDGE_DATA_DIR: path.join(os.tmpdir(), `hb-vitest-${process.pid}`),
      HEARTBRIDGE_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: keep database-heavy files from starving each other.
    maxWorkers: 2,
  },
});
