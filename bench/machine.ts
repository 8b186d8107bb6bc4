import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** What every benchmark result records about where it ran. */
export function machine(database: string) {
  return {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    database,
    at: new Date().toISOString(),
  };
}

/** Median of a list of numbers. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Whether the benchmark runs in its short mode (CI), with small sizes so that it never rots. */
export const short = process.argv.includes('--short') || process.env.BENCH_SHORT === '1';

/** Writes `bench/results/<name>.json` (or under BENCH_RESULTS_DIR, where tests send theirs). */
export function writeResult(name: string, result: unknown): string {
  const dir = process.env.BENCH_RESULTS_DIR ?? path.join(import.meta.dirname, 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}
