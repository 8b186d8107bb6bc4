/** The paths of `earlier` that hold a value but are empty in `later` (an empty list means `later` is a superset). */
export function missingFrom(earlier: unknown, later: unknown, path = ''): string[] {
  if (earlier === null || earlier === undefined) return [];
  if (later === null || later === undefined) return [path || '/'];
  if (Array.isArray(earlier)) {
    return Array.isArray(later) && later.length >= earlier.length ? [] : [`${path} (${earlier.length} items before)`];
  }
  if (typeof earlier === 'object') {
    return Object.entries(earlier as Record<string, unknown>).flatMap(([key, value]) =>
      missingFrom(value, (later as Record<string, unknown>)[key], `${path}/${key}`),
    );
  }
  return [];
}

/** Every number in a payload, with its path, to check for NaN and negatives. */
export function numbers(value: unknown, path = ''): Array<[string, number]> {
  if (typeof value === 'number') return [[path, value]];
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) => numbers(child, `${path}/${key}`));
}

/** Every sample timestamp in a payload (keys ending in `samples`), in order of appearance per array. */
export function sampleTimes(value: unknown): string[][] {
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) => {
    if (key.endsWith('samples') && Array.isArray(child)) {
      return [child.map((s) => (s as { timestamp?: string }).timestamp ?? '')];
    }
    return sampleTimes(child);
  });
}
