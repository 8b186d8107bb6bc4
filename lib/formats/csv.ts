/**
 * CSV as RFC 4180 reads it: comma-separated, CRLF line ends, a field quoted when it holds a comma,
 * quote or line break. Text that a spreadsheet would run as a formula gets a leading apostrophe (and
 * so does text already starting with apostrophes before such a character, so `unguardFormula` undoes it).
 */
export type CsvValue = string | number | boolean | null | undefined;

const formulaStart = /^'*[=+\-@\t\r]/;

export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && formulaStart.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(values: CsvValue[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** A header line and one line per row; a row's missing column is an empty field. */
export function toCsv(columns: string[], rows: Array<Record<string, CsvValue>>): string {
  return csvLine(columns) + rows.map((row) => csvLine(columns.map((c) => row[c]))).join('');
}

/**
 * An object's leaves under dotted paths (`heart_rate_data.summary.avg_hr_bpm`). Empty arrays are left
 * out; a non-empty array is one field holding its JSON, since a row has no room for its items.
 */
export function flattenRecord(value: unknown, prefix = '', out: Record<string, CsvValue> = {}) {
  if (Array.isArray(value)) {
    if (value.length && prefix) out[prefix] = JSON.stringify(value);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) flattenRecord(inner, prefix ? `${prefix}.${key}` : key, out);
  } else if (prefix) {
    out[prefix] = value as CsvValue;
  }
  return out;
}
