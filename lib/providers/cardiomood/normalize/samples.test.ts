import { describe, expect, it } from 'vitest';
import { validateModel } from '@/lib/models/validate';
import { simulatedDay } from '../simulator/sample-day';
import { normalizeDay } from '.';
import { withoutSamples } from './samples';

describe('with_samples=false', () => {
  it('drops every sample array and keeps every summary figure, still valid', () => {
    const { day, night } = simulatedDay({ seed: 'samples', offsetMinutes: -300 }, '2025-06-01');
    const model = { daily: 'Daily', body: 'Body', sleep: 'Sleep', activity: 'Activity' } as const;
    for (const { type, payload } of normalizeDay(day, night)) {
      const bare = withoutSamples(payload);
      expect(JSON.stringify(bare)).not.toMatch(/samples"/);
      expect(validateModel(model[type], bare).errors).toEqual([]);
      expect(JSON.stringify(bare).length).toBeLessThan(JSON.stringify(payload).length);
    }
    const daily = withoutSamples(normalizeDay(day, night)[0]?.payload);
    expect(daily).toHaveProperty('distance_data.steps');
  });
});
