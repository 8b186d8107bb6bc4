/**
 * FIT stores numbers as scaled integers of a base type; a value outside what the type can hold would
 * be written as garbage, so it is left out instead. `fit` gives the value as the file will hold it.
 */
export interface FitField {
  /** Largest valid raw value (the type's maximum is its "invalid" marker). */
  max: number;
  min?: number;
  scale?: number;
  offset?: number;
}

export const uint8: FitField = { max: 254 };
export const uint16: FitField = { max: 65_534 };
export const uint32: FitField = { max: 4_294_967_294 };

export function fitStored(value: number | undefined, field: FitField): number | undefined {
  if (value === undefined || !Number.isFinite(value)) return undefined;
  const scale = field.scale ?? 1;
  const offset = field.offset ?? 0;
  const raw = Math.round((value + offset) * scale);
  if (raw < (field.min ?? 0) || raw > field.max) return undefined;
  return raw / scale - offset + 0; // + 0 turns -0 into 0
}

/** The fields this encoder writes, by their FIT Profile scale and offset. */
export const fields = {
  heartRate: uint8,
  cadence: uint8,
  power: uint16,
  calories: uint16,
  distance: { max: 4_294_967_294, scale: 100 },
  speed: { max: 65_534, scale: 1000 },
  enhancedSpeed: { max: 4_294_967_294, scale: 1000 },
  altitude: { max: 65_534, scale: 5, offset: 500 },
  enhancedAltitude: { max: 4_294_967_294, scale: 5, offset: 500 },
  time: { max: 4_294_967_294, scale: 1000 },
  ascent: uint16,
} satisfies Record<string, FitField>;

/** Degrees as FIT's semicircles (2³¹ per 180°), for latitudes and longitudes in range. */
export function semicircles(degrees: unknown, limit: 90 | 180): number | undefined {
  if (typeof degrees !== 'number' || !Number.isFinite(degrees) || Math.abs(degrees) > limit) return undefined;
  return Math.max(-2_147_483_647, Math.min(2_147_483_647, Math.round((degrees * 2 ** 31) / 180)));
}
