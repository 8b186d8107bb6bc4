import { describe, expect, it } from 'vitest';
import { csvField, flattenRecord, toCsv } from './csv';

describe('CSV', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=SUM(A1:A9)', "'=SUM(A1:A9)"],
    ['+1', "'+1"],
    ['@cmd', "'@cmd"],
    [-3.5, '-3.5'],
    [0, '0'],
    [true, 'true'],
    [null, ''],
    [undefined, ''],
  ])('writes %j as %s', (value, written) => {
    expect(csvField(value)).toBe(written);
  });

  it('writes a header and a line per row, CRLF-ended, a missing column left empty', () => {
    expect(toCsv(['a', 'b'], [{ a: 1, b: 'x' }, { b: 'y,z' }])).toBe('a,b\r\n1,x\r\n,"y,z"\r\n');
  });

  it('flattens a payload to dotted leaves; an array is one JSON field, an empty one none', () => {
    expect(
      flattenRecord({
        metadata: { start_time: 't', upload_type: 1 },
        heart_rate_data: { summary: { avg_hr_bpm: 60, avg_hrv_rmssd: null }, detailed: { hr_samples: [] } },
        device_data: { other_devices: [{ name: 'x' }] },
      }),
    ).toEqual({
      'metadata.start_time': 't',
      'metadata.upload_type': 1,
      'heart_rate_data.summary.avg_hr_bpm': 60,
      'heart_rate_data.summary.avg_hrv_rmssd': null,
      'device_data.other_devices': '[{"name":"x"}]',
    });
  });
});
