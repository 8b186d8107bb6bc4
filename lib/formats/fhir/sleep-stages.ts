import type { Observation } from '@medplum/fhirtypes';
import { observation, type PayloadContext } from './observation';
import { asRecord, at, list } from './read';
import { TERRA_FIELD, TERRA_SLEEP_LEVEL } from './terminology';
import { fhirTime } from './time';

/** Terra's SleepLevel enum. */
const levels = ['Unknown', 'Awake', 'Sleeping', 'Out of bed', 'Light', 'Deep', 'REM'];

/**
 * The hypnogram as one Observation per stage: a stage is a category, not a quantity, so it is a coded
 * value over the period from its sample to the next one (the last runs to the end of the night).
 */
export function sleepStageObservations(payload: unknown, context: PayloadContext) {
  const samples = list(at(payload, 'sleep_durations_data.hypnogram_samples'));
  const timed = samples
    .map((item) => {
      const sample = asRecord(item);
      const level = sample?.level;
      return {
        time: fhirTime(sample?.timestamp),
        level: typeof level === 'number' ? levels[level] : undefined,
        raw: level,
      };
    })
    .filter((s) => s.time && s.level !== undefined)
    .sort((a, b) => (a.time?.ms ?? 0) - (b.time?.ms ?? 0));
  const out: Observation[] = [];
  for (const [i, stage] of timed.entries()) {
    if (!stage.time) continue;
    const next = timed[i + 1]?.time ?? (context.end && context.end.ms >= stage.time.ms ? context.end : undefined);
    out.push(
      observation(context, {
        part: `sleep_durations_data.hypnogram_samples[${i}]`,
        code: {
          coding: [
            { system: TERRA_FIELD, code: 'sleep_durations_data.hypnogram_samples[].level', display: 'Sleep stage' },
          ],
          text: 'Sleep stage',
        },
        category: 'activity',
        when: { period: { start: stage.time, end: next } },
        value: {
          valueCodeableConcept: {
            coding: [{ system: TERRA_SLEEP_LEVEL, code: String(stage.raw), display: stage.level }],
            text: stage.level,
          },
        },
      }),
    );
  }
  const left = samples.length - timed.length;
  return {
    observations: out,
    omitted: left ? [`sleep_durations_data.hypnogram_samples (${left} without a valid time or level)`] : [],
  };
}
