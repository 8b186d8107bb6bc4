/** The last `count` UTC days ending today, oldest first, as YYYY-MM-DD. */
export function lastDays(count: number, now = new Date()): string[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: count }, (_, i) =>
    new Date(today - (count - 1 - i) * 86_400_000).toISOString().slice(0, 10),
  );
}

/** The start of the first of those days. */
export function sinceDays(count: number, now = new Date()): Date {
  return new Date(`${lastDays(count, now)[0]}T00:00:00Z`);
}
