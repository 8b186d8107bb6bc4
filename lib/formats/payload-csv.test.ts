import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { examplePayload } from '../payloads/example-payloads';
import { payloadArbitrary } from '../testing/payload-arbitraries';
import { csvField } from './csv';
import { parseCsv, unguardFormula } from './csv-parse';
import { at } from './fhir/read';
import { isSampleArray, payloadsCsv, samplesCsv, summaryColumns } from './payload-csv';

const types = ['daily', 'sleep', 'activity', 'body'] as const;
/** Generated payload lists per type; CSV_RUNS raises it. */
const runs = Number(process.env.CSV_RUNS ?? 60);

/** How a value reads back from its cell: text as it was, numbers and booleans as written, lists as JSON. */
function expectedCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return Array.isArray(value) && !value.length ? '' : JSON.stringify(value);
  return String(value);
}

/** Text that CSV and spreadsheets get wrong: separators, quotes, line breaks, formula starts, apostrophes. */
const awkward = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom('a,b', 'say "hi"', 'two\nlines', 'cr\r\nlf', '=SUM(A1)', '+1', "'=x", "''@y", "'plain", ' ', '-'),
);

function read(csv: string) {
  const [header = [], ...rows] = parseCsv(csv);
  return {
    header,
    rows: rows.map((row) => Object.fromEntries(header.map((h, i) => [h, unguardFormula(row[i] ?? '')]))),
  };
}

describe('payload CSV', () => {
  it.each(types)('%s: the header is the schema order, whatever the payloads hold', (type) => {
    const columns = summaryColumns(type);
    expect(columns[0]).not.toMatch(/samples/);
    expect(columns.some(isSampleArray)).toBe(false);
    const empty = read(payloadsCsv([{ type, payload: {} }], ['user_id']));
    const full = read(payloadsCsv([{ type, payload: examplePayload(type).payload }], ['user_id']));
    expect(empty.header).toEqual(['user_id', ...columns]);
    expect(full.header).toEqual(empty.header);
  });

  it.each(types)(
    '%s: summaries and samples round-trip through CSV (generated payloads, awkward text)',
    (type) => {
      let payloadsChecked = 0;
      let samplesChecked = 0;
      fc.assert(
        fc.property(
          fc.array(fc.tuple(payloadArbitrary(type), awkward, awkward), { minLength: 1, maxLength: 4 }),
          (list) => {
            const payloads = list.map(([payload, name, city]) => ({
              ...payload,
              metadata: { ...(payload.metadata as object), name, city },
            }));
            const { header, rows } = read(
              payloadsCsv(
                payloads.map((payload, i) => ({ type, payload, ids: { user_id: `u${i}` } })),
                ['user_id'],
              ),
            );
            expect(rows).toHaveLength(payloads.length);
            for (const [i, payload] of payloads.entries()) {
              expect(rows[i]?.user_id).toBe(`u${i}`);
              for (const column of header.slice(1))
                expect(rows[i]?.[column], column).toBe(expectedCell(at(payload, column)));
              payloadsChecked++;
              const samples = read(samplesCsv([{ type, payload }]));
              const bySeries = new Map<string, Array<Record<string, string>>>();
              for (const row of samples.rows)
                bySeries.set(row.series ?? '', [...(bySeries.get(row.series ?? '') ?? []), row]);
              for (const [series, rowsOf] of bySeries) {
                const original = at(payload, series) as Array<Record<string, unknown>>;
                expect(rowsOf).toHaveLength(original.length);
                for (const [j, sample] of original.entries()) {
                  for (const key of samples.header.slice(1))
                    expect(rowsOf[j]?.[key], `${series}[${j}].${key}`).toBe(expectedCell(sample[key]));
                  samplesChecked++;
                }
              }
            }
          },
        ),
        { numRuns: runs },
      );
      console.info(`CSV: ${payloadsChecked} generated ${type} payloads and ${samplesChecked} samples read back`);
    },
    120_000,
  );

  it('lays out several series under one header, one row per sample', () => {
    const night = {
      heart_rate_data: { detailed: { hr_samples: [{ timestamp: 't1', bpm: 50 }] } },
      sleep_durations_data: { hypnogram_samples: [{ timestamp: 't0', level: 4 }] },
    };
    const csv = samplesCsv(
      [
        { type: 'sleep', payload: night, ids: { summary_id: 'n1' } },
        { type: 'sleep', payload: night, ids: { summary_id: 'n2' } },
      ],
      ['summary_id'],
    );
    const { header, rows } = read(csv);
    expect(header.slice(0, 3)).toEqual(['summary_id', 'series', 'timestamp']);
    expect(rows.map((r) => [r.summary_id, r.series, r.timestamp, r.bpm, r.level])).toEqual([
      ['n1', 'heart_rate_data.detailed.hr_samples', 't1', '50', ''],
      ['n1', 'sleep_durations_data.hypnogram_samples', 't0', '', '4'],
      ['n2', 'heart_rate_data.detailed.hr_samples', 't1', '50', ''],
      ['n2', 'sleep_durations_data.hypnogram_samples', 't0', '', '4'],
    ]);
  });

  it('guards formula-looking text so that reading it back is exact', () => {
    for (const text of ['=1+1', "'=1", "''+2", "'plain", 'plain'])
      expect(unguardFormula(parseCsv(`${csvField(text)}\r\n`)[0]?.[0] ?? '')).toBe(text);
  });
});
