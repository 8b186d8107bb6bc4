/** Reading a stored payload (JSON of unknown shape) without trusting it: every helper tolerates anything. */
export type JsonRecord = Record<string, unknown>;

export function asRecord(value: unknown): JsonRecord | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonRecord) : undefined;
}

/** The value at a dotted path (`heart_rate_data.summary.avg_hr_bpm`), or undefined. */
export function at(value: unknown, path: string): unknown {
  let node: unknown = value;
  for (const key of path.split('.')) {
    const record = asRecord(node);
    if (!record) return undefined;
    node = record[key];
  }
  return node;
}

/** A finite number, or undefined (null, text, NaN and infinities are no number). */
export function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
