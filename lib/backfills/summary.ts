/** What a backfill did so far: summed over its finished parts (and, for a request, its delivery). */
export interface BackfillSummary {
  fetchedDays?: number;
  events?: number;
  payloads?: Record<string, number>;
  failedParts?: number;
  /** The first few distinct errors and notes, for the dashboard. */
  errors?: string[];
  notes?: string[];
}

const kept = 5;

export function mergeSummary(
  summary: BackfillSummary,
  part: { fetchedDays: number; events?: number; payloads?: Record<string, number>; note?: string },
  error?: string,
): BackfillSummary {
  const payloads = { ...(summary.payloads ?? {}) };
  for (const [type, n] of Object.entries(part.payloads ?? {})) payloads[type] = (payloads[type] ?? 0) + n;
  const add = (list: string[] | undefined, item: string | undefined) =>
    item && !(list ?? []).includes(item) && (list ?? []).length < kept ? [...(list ?? []), item] : list;
  return {
    fetchedDays: (summary.fetchedDays ?? 0) + part.fetchedDays,
    events: (summary.events ?? 0) + (part.events ?? 0),
    payloads,
    failedParts: (summary.failedParts ?? 0) + (error ? 1 : 0),
    errors: add(summary.errors, error),
    notes: add(summary.notes, part.note),
  };
}
