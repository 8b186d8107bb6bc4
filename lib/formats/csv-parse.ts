import type { CsvValue } from './csv';

/**
 * Reads RFC 4180 CSV (what `toCsv` writes) back into rows of text cells: quoted fields with doubled
 * quotes and line breaks, CRLF or LF line ends. For round-trip tests and for readers of our exports.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\n' || (char === '\r' && text[i + 1] === '\n')) {
      if (char === '\r') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += char;
  }
  if (cell !== '' || row.length) rows.push([...row, cell]);
  return rows;
}

/** A cell as `csvField` wrote it, before quoting: the apostrophe guarding a formula-looking text removed. */
export function unguardFormula(cell: string): string {
  return /^'+[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

/** The text a value becomes in a cell (the inverse of reading it back): what a round trip must give. */
export function cellText(value: CsvValue): string {
  return value === null || value === undefined ? '' : String(value);
}
