/**
 * Terra's `with_samples=false`: the same payload without its sample arrays (every key ending in
 * `samples`). Payloads are stored whole and stripped on the way out.
 */
export function withoutSamples<T>(payload: T): T {
  return strip(payload) as T;
}

function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (!key.endsWith('samples')) out[key] = strip(child);
  }
  return out;
}
