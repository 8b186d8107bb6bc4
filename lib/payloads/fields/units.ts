/** Name endings Terra uses for units, longest first so `_meters_per_second` wins over `_second`. */
const suffixes: Array<[RegExp, string]> = [
  [/_meters_per_second$/, 'm/s'],
  [/_minutes_per_kilometer$/, 'min/km'],
  [/_ml_per_min_per_kg$/, 'mL/min/kg'],
  [/_mg_per_dl$/i, 'mg/dL'],
  [/_newton_meters$/, 'N·m'],
  [/_lat_lng_deg$/, '° (lat, lng)'],
  [/_per_min$/, '/min'],
  [/(^|_)bpm$/, 'bpm'],
  [/(^|_)rpm$/, 'rpm'],
  [/_seconds$/, 's'],
  [/_minutes$/, 'min'],
  [/_meters$/, 'm'],
  [/_kilojoules$/, 'kJ'],
  [/(^|_)watts$/, 'W'],
  [/_celsius$/, '°C'],
  [/(^|_)percentage$/, '%'],
  [/_kg$/, 'kg'],
  [/_cm$/, 'cm'],
  [/_mm$/, 'mm'],
  [/_ms$/, 'ms'],
  [/_ml$/, 'mL'],
  [/_g$/, 'g'],
  [/_uV$/, 'µV'],
  [/(^|_)calories$/i, 'kcal'],
];

/** Units a description states in words ("…, in degrees Celsius."), when the name does not. */
const spoken: Array<[RegExp, string]> = [
  [/\bin mmHg\b/i, 'mmHg'],
  [/\bin kilocalories\b/i, 'kcal'],
  [/\bin milliseconds\b/i, 'ms'],
  [/\bin seconds\b/i, 's'],
  [/\bin years\b/i, 'years'],
  [/\bin grams\b/i, 'g'],
  [/\bin kilograms\b/i, 'kg'],
  [/\bin degrees Celsius\b/i, '°C'],
  [/\bas a percentage\b/i, '%'],
];

/** The unit of a Terra field, when its name or description says it; null otherwise (never guessed). */
export function unitOf(key: string, description: string | null): string | null {
  for (const [pattern, unit] of suffixes) if (pattern.test(key)) return unit;
  for (const [pattern, unit] of spoken) if (description && pattern.test(description)) return unit;
  return null;
}
