import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { machine, writeResult } from '@/bench/machine';
import type { FaultCase } from './fault-report';

// The global setup of `npm run test:faults` (vitest.faults.config.ts): every case writes its row into
// FAULTS_REPORT_DIR; at the end the rows become one table, printed and, at full sizes, written to
// bench/results/faults.json.
const order = ['worker killed', 'PostgreSQL', 'receiver down', 'slow receiver', 'CardioMood'];
const loadAtStart = os.loadavg();
const startedAt = Date.now();

export function setup() {
  const dir = process.env.FAULTS_REPORT_DIR;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}

export function teardown() {
  const dir = process.env.FAULTS_REPORT_DIR;
  if (!dir || !fs.existsSync(dir)) return;
  const files = fs.readdirSync(dir).map((name) => path.join(dir, name));
  const rank = (row: FaultCase) => {
    const at = order.findIndex((prefix) => row.case.startsWith(prefix));
    return at === -1 ? order.length : at;
  };
  const cases = files
    .map((file) => ({ row: JSON.parse(fs.readFileSync(file, 'utf8')) as FaultCase, at: fs.statSync(file).mtimeMs }))
    .sort((a, b) => rank(a.row) - rank(b.row) || a.at - b.at)
    .map((entry) => entry.row);
  const full = process.env.FAULTS_FULL === '1';
  console.log(`\nFault suite (${full ? 'full' : 'short'} sizes), ${cases.length} cases:\n\n${faultTable(cases)}\n`);
  if (!full) return;
  const file = writeResult('faults', {
    name: 'faults',
    machine: { ...machine(process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite'), loadAverage: load() },
    minutes: Math.round((Date.now() - startedAt) / 6_000) / 10,
    cases,
  });
  console.log(`Written to ${path.relative(process.cwd(), file)}`);
}

const load = () => ({ atStart: loadAtStart.map(round), atEnd: os.loadavg().map(round) });
const round = (n: number) => Math.round(n * 100) / 100;

/** The rows as a Markdown table, as docs/faults.md shows them. */
export function faultTable(cases: FaultCase[]): string {
  const lines = [
    '| case | produced | delivered | duplicated | lost | recovery (s) | notes |',
    '|---|---:|---:|---:|---:|---:|---|',
  ];
  for (const c of cases) {
    const recovery = c.recoverySeconds === null ? '–' : String(c.recoverySeconds);
    lines.push(
      `| ${c.case} | ${c.produced} | ${c.delivered} | ${c.duplicated} | ${c.lost} | ${recovery} | ${c.notes} |`,
    );
  }
  return lines.join('\n');
}
