import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { terraSchemaDir } from '../../models/validate';
import { payloadTypes } from '../payload-types';
import { fieldReference } from './field-reference';
import { filledFields } from './filled-fields';
import { terraFieldsSnapshot } from './terra-fields-snapshot';
import { unitOf } from './units';

describe('the field reference', () => {
  it("is Terra's schemas as they are (node --import tsx scripts/generate-payload-fields.ts after they change)", () => {
    const committed = JSON.parse(fs.readFileSync(new URL('./terra-fields.json', import.meta.url), 'utf8'));
    expect(committed).toEqual(terraFieldsSnapshot(terraSchemaDir()));
  });

  it('flattens nested objects and array items to dotted paths, with type, unit and description', () => {
    const daily = new Map(fieldReference('daily').map((f) => [f.path, f]));
    expect(daily.get('heart_rate_data.summary.avg_hr_bpm')).toEqual({
      path: 'heart_rate_data.summary.avg_hr_bpm',
      type: 'number',
      unit: 'bpm',
      description: 'Average HeartRate of the user during the workout.',
    });
    expect(daily.get('heart_rate_data.detailed.hr_samples')?.type).toBe('array of object HeartRateDataSample');
    expect(daily.get('heart_rate_data.detailed.hr_samples[].bpm')?.unit).toBe('bpm');
    expect(daily.get('metadata.upload_type')?.type).toBe('enum UploadType');
    expect(daily.get('data_enrichment.stress_contributors')?.type).toBe('object (map)');
    expect(daily.get('calories_data.total_burned_calories')?.unit).toBe('kcal');
    const body = new Map(fieldReference('body').map((f) => [f.path, f]));
    expect(body.get('temperature_data.day_avg_skin_temperature_celsius')?.unit).toBe('°C');
    expect(body.get('heart_data.rr_interval_samples[].rr_interval_ms')?.unit).toBe('ms');
    for (const type of payloadTypes) {
      const paths = fieldReference(type).map((f) => f.path);
      expect(new Set(paths).size).toBe(paths.length);
      expect(paths.length).toBeGreaterThan(10);
    }
  });

  it('takes units from names and descriptions, and never guesses one', () => {
    expect(unitOf('avg_speed_meters_per_second', null)).toBe('m/s');
    expect(unitOf('distance_meters', null)).toBe('m');
    expect(unitOf('weight_kg', null)).toBe('kg');
    expect(unitOf('systolic_bp', "User's systolic blood pressure, in mmHg")).toBe('mmHg');
    expect(unitOf('sleep_efficiency', 'given as a percentage, measured as …')).toBe('%');
    expect(unitOf('avg_hrv_rmssd', 'Average HeartRate Variability, computed using RMSSD.')).toBeNull();
  });
});

describe('filled fields', () => {
  it('count values that are not null, arrays with items and objects with something inside', () => {
    const payload = {
      metadata: { start_time: '2024-01-01', upload_type: 0 },
      heart_rate_data: {
        summary: { avg_hr_bpm: 60, max_hr_bpm: null, hr_zone_data: [] },
        detailed: {
          hr_samples: [
            { bpm: 60, context: null },
            { bpm: null, timestamp: 't' },
          ],
        },
      },
      stress_data: { samples: [], avg_stress_level: null },
      device_data: { name: '' },
    };
    expect(filledFields(payload)).toEqual([
      'device_data',
      'device_data.name',
      'heart_rate_data',
      'heart_rate_data.detailed',
      'heart_rate_data.detailed.hr_samples',
      'heart_rate_data.detailed.hr_samples[].bpm',
      'heart_rate_data.detailed.hr_samples[].timestamp',
      'heart_rate_data.summary',
      'heart_rate_data.summary.avg_hr_bpm',
      'metadata',
      'metadata.start_time',
      'metadata.upload_type',
    ]);
    expect(filledFields(null)).toEqual([]);
  });
});
