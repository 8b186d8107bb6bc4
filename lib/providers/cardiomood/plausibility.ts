/**
 * The documented rule for dropping single implausible samples: outside these ranges a sample is
 * dropped and counted, never clamped. Ranges are physiological limits, not device ranges.
 */
export const PLAUSIBLE = {
  heartRateBpm: [25, 250],
  rrIntervalMs: [240, 2400], // 25 to 250 bpm
  hrvMs: [1, 500],
  spo2Percent: [50, 100],
  respirationBrpm: [3, 60],
  skinTemperatureCelsius: [20, 45],
  bodyTemperatureCelsius: [34, 42],
  ambientTemperatureCelsius: [-40, 60],
  stepsPerSlot: [0, 9000], // 30 minutes at 300 steps a minute
  caloriesPerMinute: [0, 50_000], // raw energy_exp, small calories per record
  speedMetersPerSecond: [0, 30],
  stressLevel: [0, 100],
} as const satisfies Record<string, readonly [number, number]>;

export type Measure = keyof typeof PLAUSIBLE;

/** Counts dropped samples by measure, so that a payload's losses are visible beside it. */
export class DropCounter {
  readonly dropped: Partial<Record<Measure | 'outside_interval', number>> = {};

  /** The value when it is a finite number inside the measure's range; otherwise counts it and returns null. */
  keep(measure: Measure, value: number | null | undefined): number | null {
    if (value === null || value === undefined) return null;
    const range = PLAUSIBLE[measure];
    if (Number.isFinite(value) && value >= range[0] && value <= range[1]) return value;
    this.count(measure);
    return null;
  }

  count(reason: Measure | 'outside_interval'): void {
    this.dropped[reason] = (this.dropped[reason] ?? 0) + 1;
  }
}
