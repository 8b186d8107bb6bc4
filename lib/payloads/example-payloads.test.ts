import { describe, expect, it } from 'vitest';
import { validateModel } from '../models/validate';
import { examplePayload, exampleSource, makeExamplePayloads } from './example-payloads';
import { modelNameOf, payloadTypes } from './payload-types';
import { exampleEventBody } from './send-example-payload';

describe('example payloads', () => {
  it.each(payloadTypes)('%s is valid against Terra’s schema, and so is its data event', (type) => {
    const { payload, dayPayloads } = examplePayload(type);
    for (const one of dayPayloads) expect(validateModel(modelNameOf[type], one)).toEqual({ valid: true, errors: [] });
    expect(dayPayloads).toContain(payload);
    expect(validateModel(`${modelNameOf[type]}Event`, exampleEventBody(type))).toEqual({ valid: true, errors: [] });
  });

  it('come out byte-identical every time they are made', () => {
    const first = makeExamplePayloads();
    const second = makeExamplePayloads();
    for (const type of payloadTypes) {
      expect(JSON.stringify(second.get(type))).toBe(JSON.stringify(first.get(type)));
    }
  });

  it('are made from the simulated day: its date, a full day of samples, the run as the activity', () => {
    const daily = examplePayload('daily').payload as {
      metadata: { start_time: string };
      heart_rate_data: { detailed: { hr_samples: unknown[] } };
    };
    expect(daily.metadata.start_time.slice(0, 10)).toBe(exampleSource.date);
    expect(daily.heart_rate_data.detailed.hr_samples.length).toBeGreaterThan(500);
    const activity = examplePayload('activity');
    expect(activity.dayPayloads.length).toBeGreaterThan(1);
    expect((activity.payload as { metadata: { name: string } }).metadata.name).toBe('Run');
    expect(examplePayload('athlete').payload).toMatchObject({ email: 'user1@example.com' });
    expect(exampleEventBody('sleep')).toMatchObject({ type: 'sleep', user: { reference_id: 'heartbridge-example' } });
  });
});
