import os from 'node:os';

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
