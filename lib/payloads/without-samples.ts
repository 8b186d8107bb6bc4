/**
 * A payload as `with_samples=false` serves it: every array under a key naming samples
 * (`hr_samples`, `hrv_samples_rmssd`, `stress_data.samples`, …) emptied, everything else kept.
 * The migration that filled `payloads.summary` applies the same rule in SQL.
 */
export function withoutSamples(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSamples);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = Array.isArray(inner) && key.includes('samples') ? [] : withoutSamples(inner);
  }
  return out;
}
