import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';
import base from './vitest.config';

// `npm run test:faults`: the fault suite (lib/faults/) at full sizes, one file at a time so that the
// cases do not disturb each other's timings; the table is printed and written by lib/testing/fault-summary.ts.
const reportDir = path.join(os.tmpdir(), `hb-faults-${process.pid}`);
process.env.FAULTS_REPORT_DIR = reportDir;
process.env.FAULTS_FULL ??= '1';

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ['lib/faults/**/*.test.ts'],
    env: { ...base.test?.env, FAULTS_FULL: process.env.FAULTS_FULL, FAULTS_REPORT_DIR: reportDir },
    globalSetup: ['lib/testing/fault-summary.ts'],
    maxWorkers: 1,
  },
});
