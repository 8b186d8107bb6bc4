import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maxChunkBytes, planChunks } from './chunks';
import { calendarMonths, DateParam, localDaySpan, rangeDays } from './date-bounds';

describe('date parameters', () => {
  it('read Terra’s forms and refuse the rest', () => {
    const param = DateParam('start_date');
    expect(param.parse('2024-02-29')).toEqual({ kind: 'day', day: '2024-02-29' });
    expect(param.parse('1700000000')).toEqual({ kind: 'instant', at: new Date(1_700_000_000_000) });
    expect(param.parse('2024-03-01T12:00:00+02:00')).toEqual({ kind: 'instant', at: new Date('2024-03-01T10:00:00Z') });
    for (const bad of ['2023-02-29', '2024-13-01', '-1', '12345678901', '2024-03-01T12:00:00', 'now', '']) {
      expect(param.safeParse(bad).success, bad).toBe(false);
    }
  });

  it('count a range’s days as Terra does, end exclusive, at least one', () => {
    expect(rangeDays({ kind: 'day', day: '2024-01-01' }, { kind: 'day', day: '2024-01-31' })).toBe(30);
    const at = (iso: string) => ({ kind: 'instant' as const, at: new Date(iso) });
    expect(rangeDays(at('2024-01-01T10:00:00Z'), at('2024-01-01T11:00:00Z'))).toBe(1);
    expect(localDaySpan(at('2024-01-01T23:30:00Z'), at('2024-01-03T00:00:00Z'), 60)).toEqual({
      first: '2024-01-02',
      last: '2024-01-03',
    });
  });

  it('split a span into its calendar months, never more, never splitting one', () => {
    expect(calendarMonths('2024-12-01', '2024-12-31')).toEqual([{ start: '2024-12-01', end: '2025-01-01' }]);
    expect(calendarMonths('2024-01-20', '2024-03-05')).toEqual([
      { start: '2024-01-20', end: '2024-02-01' },
      { start: '2024-02-01', end: '2024-03-01' },
      { start: '2024-03-01', end: '2024-03-06' },
    ]);
  });
});

describe('chunks', () => {
  it('hold at most 10 payloads and 10 MB, keep the order, and lose nothing', () => {
    const sizes = fc.array(fc.integer({ min: 1, max: 12 * 1024 * 1024 }), { maxLength: 60 });
    fc.assert(
      fc.property(sizes, (bytes) => {
        const payloads = bytes.map((b, i) => ({ id: String(i), bytes: b }));
        const chunks = planChunks(payloads);
        expect(chunks.flat()).toEqual(payloads.map((p) => p.id));
        for (const chunk of chunks) {
          expect(chunk.length).toBeLessThanOrEqual(10);
          const total = chunk.reduce((n, id) => n + (bytes[Number(id)] ?? 0), 0);
          if (chunk.length > 1) expect(total).toBeLessThan(maxChunkBytes);
        }
      }),
    );
    expect(
      planChunks(Array.from({ length: 25 }, (_, i) => ({ id: String(i), bytes: 1000 }))).map((c) => c.length),
    ).toEqual([10, 10, 5]);
  });
});
