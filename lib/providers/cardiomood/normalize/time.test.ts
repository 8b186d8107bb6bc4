import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { epochMs, isoLocal, localDay, offsetOf } from './time';

/** The obvious, slow way, to check the fast one against. */
function reference(ms: number, offset: number): string {
  const local = new Date(ms + offset * 60_000).toISOString();
  const abs = Math.abs(offset);
  const hours = String(Math.floor(abs / 60)).padStart(2, '0');
  return `${local.slice(0, 23)}000${offset < 0 ? '-' : '+'}${hours}:${String(abs % 60).padStart(2, '0')}`;
}

describe('time', () => {
  it('formats any instant at any offset as Terra does', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 4e12 }), fc.integer({ min: -48, max: 56 }), (ms, quarter) => {
        expect(isoLocal(ms, quarter * 15)).toBe(reference(ms, quarter * 15));
      }),
      { numRuns: 2000 },
    );
    expect(isoLocal(Date.UTC(2024, 0, 1, 9, 5, 7, 42), -330)).toBe('2024-01-01T03:35:07.042000-05:30');
  });

  it('reads offsets and epoch units', () => {
    expect([
      offsetOf('2024-01-01T08:00:00.000+01:00'),
      offsetOf('2024-01-01T08:00:00Z'),
      offsetOf('2024-01-01'),
    ]).toEqual([60, 0, null]);
    expect([epochMs(1704096000), epochMs(1704096000000)]).toEqual([1704096000000, 1704096000000]);
    expect(localDay('2024-01-01', 60)).toEqual({ start: Date.UTC(2023, 11, 31, 23), end: Date.UTC(2024, 0, 1, 23) });
  });
});
