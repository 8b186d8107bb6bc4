import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRawMetric, parseUserSummaries } from '../raw/parse';
import { normalizeActivities } from './activity';
import { normalizeBody } from './body';
import { normalizeDaily } from './daily';
import type { DayRaw } from './day-input';

// A small day at +01:00, checked by hand once (see docs/cardiomood-mapping.md): a 12-minute walk at
// 08:00 (100 steps, 1.5 m/s, 4 kcal a minute, 100→111 bpm), two rest minutes (one at 400 bpm, dropped),
// a 30-minute step slot, the legacy `avg_daily_heat_rate`, four RR intervals and two temperatures.
const fixtures = path.join(import.meta.dirname, 'fixtures');
const read = (name: string) => JSON.parse(fs.readFileSync(path.join(fixtures, name), 'utf8'));
const raw = read('golden-day.raw.json');
const day: DayRaw = {
  date: '2024-03-10',
  utcOffsetMinutes: 60,
  summary: parseUserSummaries(raw.summary).data[0],
  activity: parseRawMetric('activity', raw.activity),
  sleep: [],
  rr: parseRawMetric('rr-interval', raw.rr),
  temperature: parseRawMetric('temperature', raw.temperature),
  hrv: [],
};

describe('golden day', () => {
  it.each([
    ['golden-day.daily.json', () => normalizeDaily(day)],
    ['golden-day.body.json', () => normalizeBody(day)],
    ['golden-day.activities.json', () => normalizeActivities(day)],
  ])('matches %s', (file, normalize) => {
    if (process.env.UPDATE_GOLDEN === '1')
      fs.writeFileSync(path.join(fixtures, file), `${JSON.stringify(normalize(), null, 1)}\n`);
    expect(normalize()).toEqual(read(file));
  });
});
